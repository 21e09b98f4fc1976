// app/gui/panels/inside.h — the look-inside views (issue 13), one file each, and the few hooks
// the network canvas, the output panel and the layout call:
//   layers_view.cpp   the plots' tabs (Loss · Layers · Distributions · Confusion), the Layers
//                     plot (one line per layer: gradient norm, update ratio or weight norm) and
//                     the z / a / δ percentile bands against epochs;
//   confusion.cpp     the confusion matrix (classification) or predicted vs actual (regression);
//   doctor_strip.cpp  the doctor's findings (nn/doctor.h) under the network canvas;
//   inspector.cpp     the backpropagation inspector window and its highlights on the canvas;
//   neuron_detail.cpp dead/saturated marks on the nodes, the neuron tooltip (activation
//                     histogram, incoming weights and gradients), the links' weights|gradients.
// Everything they keep is in UiState::inside (ui.h).
#pragma once

#include <imgui.h>

#include "gui/ui.h"

namespace descent::gui {

// --- layers_view.cpp -----------------------------------------------------------------------
// A line per weight layer: its colour, shared by the Layers plot, the bands and the legend.
ImU32 layer_color(int layer, int layers);
// The tab row above the plots; returns the height left for them. `show_loss` is true when the
// Loss tab is selected (the output panel then draws its own plots).
float plot_tabs(Ctx& c, float height, bool* show_loss);
// The selected tab's view (Layers, Distributions or Confusion) in the given height.
void show_inside_plot(Ctx& c, float height);
// Text of a metric, as the state dump and the radio buttons say it.
const char* metric_name(LayerMetric m);
const char* dist_var_name(int v);

// --- confusion.cpp ---------------------------------------------------------------------------
void show_confusion(Ctx& c, float height);
// Recomputes the confusion matrix / predicted-vs-actual when due (used by the state dump too).
void update_evaluation(Ctx& c);

// --- doctor_strip.cpp ------------------------------------------------------------------------
float doctor_strip_height(const Ctx& c, float width);
void show_doctor_strip(Ctx& c, ImVec2 pos, ImVec2 size);
// Runs the doctor when the snapshot's history or layer history changed.
void update_findings(Ctx& c);

// --- inspector.cpp ---------------------------------------------------------------------------
void show_inspector_window(Ctx& c);
// Open the inspector on training point `index` (the trainer computes its pass).
void inspect_point(Ctx& c, int index);
// The training point nearest a plane position within `radius` (plane units), or -1.
// (One-dimensional data: x2 is the point's value y.)
int nearest_training_point(const nn::Snapshot& s, double x1, double x2, double radius, bool one_d);
// Training point `index` (the index-th point that is not a test point), or null.
const nn::Point* training_point(const nn::Snapshot& s, int index);
// The inspector's stage on the canvas: a colour for layer l's nodes and incoming links when the
// stage is at that layer (0: not highlighted). `links`: for the links (the update stage
// highlights links, not nodes).
ImU32 stage_highlight(const Ctx& c, int layer, bool links);
const char* stage_name(InspectStage s);

// --- neuron_detail.cpp -----------------------------------------------------------------------
// "weights | gradients" toggle for the canvas's links, at `pos` (right-aligned to it).
// The "weights | gradients" toggle, right-aligned at right_top; returns its left edge.
float link_mode_toggle(Ctx& c, ImVec2 right_top);
float link_mode_toggle_width(const Ctx& c);
// Before the links are built each frame: the gradient links' scale.
void prepare_link_values(Ctx& c);
// A link's value to draw: w, or |∂L/∂w| scaled to the largest in its layer (gradients mode).
float link_value(const Ctx& c, int layer, int row, int col, float w);
// Key for the cached link drawing: what besides the weights shapes it.
uint64_t link_mode_key(const Ctx& c);
// A dead or saturated unit's mark on its node (hidden layers).
void unit_mark(Ctx& c, int layer, int unit, ImVec2 centre, float side);
// The tooltip of a hovered neuron: activation histogram, incoming weights and gradients.
void neuron_tooltip(Ctx& c, int layer, int unit);

}  // namespace descent::gui
