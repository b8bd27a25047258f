// `fullrecord demo`: fills an empty store with a demonstration bureau so every screen has content
// — two sections, a person in every role, cases at each stage, generated body-camera footage
// with a gap to explain, a late upload, and a pending copy request.
#pragma once

#include <ostream>
#include <string>

#include "app/store.h"

namespace fullrecord::app {

struct DemoOptions {
  std::string work_dir = "/tmp";  // where footage is generated before it is ingested
  bool generate_video = true;     // with the ffmpeg command; otherwise placeholder bytes
};

// Refuses (FailedPrecondition) a store that already holds any section, person or case. Prints
// each person's sign-in name, role and password on `out`.
Status FillDemo(Store& store, std::ostream& out, const DemoOptions& options = {});

}  // namespace fullrecord::app
