// app/gif.h — animated GIF encoding (Debian's giflib) for the run's animations, written whole
// or not at all: frames are encoded in memory and the file is written once (nn::write_file).
//
// Colours: each frame gets its own 256-colour palette, the most frequent colours of the frame
// at 5 bits per channel (the output view is a few smooth gradients plus class colours, which
// this keeps without dithering noise); every pixel takes its nearest palette colour.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace descent {

class GifEncoder {
 public:
  // delay_cs: time per frame in hundredths of a second (GIF's unit); the animation loops.
  GifEncoder(int width, int height, int delay_cs);
  ~GifEncoder();
  GifEncoder(const GifEncoder&) = delete;
  GifEncoder& operator=(const GifEncoder&) = delete;

  // One frame, RGBA8, row 0 at the top, width × height. Throws nn::Error.
  void add_frame(const uint8_t* rgba);
  int frames() const { return frames_; }
  // Finish the stream and write it to `path`. Throws nn::Error "PATH: what".
  void save(const std::string& path);

 private:
  int w_, h_, delay_cs_, frames_ = 0;
  std::vector<uint8_t> bytes_;
  void* gif_ = nullptr;  // GifFileType*
};

// The frame rate a GIF can show: delays are whole hundredths, so 1..50 fps map to
// round(100 / fps) hundredths (browsers treat delays under 2 as 10).
int gif_delay_cs(double fps);

}  // namespace descent
