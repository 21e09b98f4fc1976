#version 330 core
// shaders/boundary.frag.glsl — the network evaluated per pixel of the output view.
//
// Parameters come in a RGBA32F texture, repacked for this shader by BoundaryRenderer: per
// layer, W as vec4s of four consecutive rows of one column (column c, row group g at texel
// w_off + c·G + g, G = ⌈fan_out / 4⌉, rows past fan_out are 0), then b as G vec4s at b_off.
// One texel fetch thus brings four weights (texture fetches are what llvmpipe pays for).
// Texel i is at (i % 1024, i / 1024). Features are computed from (x1, x2) as nn/features.h
// does; activation ids follow nn::Act, output ids nn::OutAct. The CPU path
// (app/gui/field.cpp) computes the same numbers; DESCENT_SELFTEST_FIELD=1 checks they agree.
//
// u_mode 0 writes the raw value of one unit (tests, export); 1 writes the colour.

const int MAX_LAYERS = 17;   // 16 hidden layers + the output layer (nn::kMaxHiddenLayers + 1)
// vec4 groups per layer: nn::kMaxLayerWidth / 4. The app also compiles this shader with a
// smaller MAX_GROUPS for narrow networks: llvmpipe pays for the size of the arrays below.
#ifndef MAX_GROUPS
#define MAX_GROUPS 64
#endif

uniform sampler2D u_params;
uniform int u_layers;                 // weight layers (hidden + 1)
uniform int u_fan_in[MAX_LAYERS];
uniform int u_fan_out[MAX_LAYERS];
uniform int u_w_off[MAX_LAYERS];      // in texels
uniform int u_b_off[MAX_LAYERS];      // in texels
uniform int u_act[MAX_LAYERS];        // hidden layers: nn::Act id
uniform int u_out_act;                // nn::OutAct id
uniform int u_nfeat;
uniform int u_feat[7];                // nn::Feature ids of the enabled inputs, in order
uniform vec4 u_domain;                // x0, y0, x1, y1 of the plane at the viewport's edges
uniform vec2 u_size;                  // viewport size in pixels

uniform int u_mode;                   // 0 raw, 1 colour
uniform int u_show_layer;             // -2 the output, -1 an input feature, l >= 0 hidden layer l
uniform int u_show_unit;
uniform int u_kind;                   // colour: 0 signed scalar, 1 classes (softmax / K outputs)
uniform float u_offset;               // colour, kind 0: t = (y - offset) * scale in [-1, 1]
uniform float u_scale;
uniform int u_discretize;
uniform float u_strength;             // how far colours go from the neutral middle (0..1)
uniform vec3 u_mid;
uniform vec3 u_pos;
uniform vec3 u_neg;
uniform vec3 u_class[16];

out vec4 frag;

vec4 texel(int i) { return texelFetch(u_params, ivec2(i & 1023, i >> 10), 0); }

float feature(int id, float a, float b) {
  if (id == 0) return a;
  if (id == 1) return b;
  if (id == 2) return a * a;
  if (id == 3) return b * b;
  if (id == 4) return a * b;
  if (id == 5) return sin(a);
  return sin(b);
}

// tanh from exp(-2|z|): finite for every z (some drivers' tanh returns NaN for large |z|).
vec4 tanh4(vec4 z) {
  vec4 e = exp(-2.0 * abs(z));
  return sign(z) * (1.0 - e) / (1.0 + e);
}

// vec4 activate(int id, vec4 z) and vec4 output_activate(int id, vec4 z) (not softmax) are
// generated from nn::kActivations / nn::kOutputs (nn/activation.h, the one home of each
// activation) by app/gui/boundary.cpp, which puts them in place of the next line.
//@ACTIVATIONS@

vec4 cur[MAX_GROUPS];
vec4 nxt[MAX_GROUPS];

float unit(int u) { return cur[u >> 2][u & 3]; }

vec3 diverging(float t) {
  t = clamp(t, -1.0, 1.0);
  if (u_discretize != 0) t = t >= 0.0 ? 1.0 : -1.0;
  return mix(u_mid, t >= 0.0 ? u_pos : u_neg, abs(t) * u_strength);
}

void main() {
  vec2 uv = gl_FragCoord.xy / u_size;
  float x1 = mix(u_domain.x, u_domain.z, uv.x);
  float x2 = mix(u_domain.y, u_domain.w, uv.y);

  for (int g = 0; g < 2; ++g) cur[g] = vec4(0.0);
  for (int i = 0; i < u_nfeat; ++i) cur[i >> 2][i & 3] = feature(u_feat[i], x1, x2);

  float value = 0.0;
  int width = u_nfeat;
  bool done = false;
  if (u_show_layer == -1) {
    value = unit(u_show_unit);
    done = true;
  }
  int last = u_layers - 1;
  for (int l = 0; l < u_layers && !done; ++l) {
    int fin = u_fan_in[l];
    int fout = u_fan_out[l];
    int G = (fout + 3) >> 2;
    int wo = u_w_off[l];
    for (int g = 0; g < G; ++g) nxt[g] = texel(u_b_off[l] + g);
    for (int c = 0; c < fin; ++c) {
      float a = cur[c >> 2][c & 3];
      int base = wo + c * G;
      for (int g = 0; g < G; ++g) nxt[g] += texel(base + g) * a;
    }
    if (l < last) {
      int id = u_act[l];
      for (int g = 0; g < G; ++g) cur[g] = activate(id, nxt[g]);
      if (u_show_layer == l) {
        value = unit(u_show_unit);
        done = true;
      }
    } else if (u_out_act == 3) {  // softmax over the fout outputs
      float m = nxt[0].x;
      for (int r = 1; r < fout; ++r) m = max(m, nxt[r >> 2][r & 3]);
      float s = 0.0;
      for (int r = 0; r < fout; ++r) {
        float e = exp(nxt[r >> 2][r & 3] - m);
        cur[r >> 2][r & 3] = e;
        s += e;
      }
      for (int g = 0; g < G; ++g) cur[g] /= s;
    } else {
      for (int g = 0; g < G; ++g) {
        vec4 z = nxt[g];
        cur[g] = output_activate(u_out_act, z);
      }
    }
    width = fout;
  }

  if (!done) value = unit(u_show_unit);

  if (u_mode == 0) {
    frag = vec4(value, 0.0, 0.0, 1.0);
    return;
  }

  if (u_kind == 1 && !done) {  // classes: blend the class colours by probability
    int best = 0;
    vec3 blend = vec3(0.0);
    float total = 0.0;
    for (int k = 0; k < width; ++k) {
      float p = max(unit(k), 0.0);
      blend += p * u_class[k & 15];
      total += p;
      if (unit(k) > unit(best)) best = k;
    }
    if (u_discretize != 0) {
      frag = vec4(mix(u_mid, u_class[best & 15], u_strength), 1.0);
      return;
    }
    blend /= max(total, 1e-6);
    float k = float(max(width, 2));
    float conf = clamp((unit(best) / max(total, 1e-6) - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0);
    frag = vec4(mix(u_mid, blend, conf * u_strength), 1.0);
    return;
  }
  frag = vec4(diverging((value - u_offset) * u_scale), 1.0);
}
