#include "archive/burner.h"

#include <fcntl.h>
#include <libburn/libburn.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>

#include "crypto/digest.h"
#include "vault/digest_pipeline.h"

namespace fullrecord::archive {
namespace {

using namespace burn;  // NOLINT(google-build-using-namespace): libburn's C API, namespaced in C++

Status InitLibburn() {
  static std::once_flag once;
  static Status status;
  std::call_once(once, [] {
    if (!burn_initialize()) {
      status = Status::IOError("libburn failed to initialise");
      return;
    }
    char never[] = "NEVER", prefix[] = "fullrecord: ";
    burn_msgs_set_severities(never, never, prefix);
  });
  return status;
}

// Everything one burn holds, released in the right order.
struct Burn {
  burn_drive_info* info = nullptr;
  burn_drive* drive = nullptr;
  burn_source* file = nullptr;
  burn_source* fifo = nullptr;
  burn_disc* disc = nullptr;
  burn_session* session = nullptr;
  burn_track* track = nullptr;
  burn_write_opts* opts = nullptr;

  ~Burn() {
    if (opts) burn_write_opts_free(opts);
    if (track) burn_track_free(track);
    if (session) burn_session_free(session);
    if (disc) burn_disc_free(disc);
    if (fifo) burn_source_free(fifo);
    if (file) burn_source_free(file);
    if (drive) burn_drive_release(drive, 0);
    if (info) burn_drive_info_free(info);
  }
};

Status Grab(Burn& b, const std::string& address) {
  std::string adr = address;
  if (burn_drive_scan_and_grab(&b.info, adr.data(), 1) <= 0 || !b.info) {
    return Status::NotFound("no usable drive at " + address);
  }
  b.drive = b.info[0].drive;
  if (burn_disc_get_status(b.drive) != BURN_DISC_BLANK) {
    return Status::FailedPrecondition("the medium in " + address + " is not blank");
  }
  return Status::Ok();
}

Status Prepare(Burn& b, const std::string& image) {
  b.file = burn_file_source_new(image.c_str(), nullptr);
  if (!b.file) return Status::IOError("cannot read " + image);
  b.fifo = burn_fifo_source_new(b.file, 2048, 4096, 0);
  b.disc = burn_disc_create();
  b.session = burn_session_create();
  b.track = burn_track_create();
  burn_disc_add_session(b.disc, b.session, BURN_POS_END);
  burn_track_define_data(b.track, 0, 0, 1, BURN_MODE1);
  if (burn_track_set_source(b.track, b.fifo) != BURN_SOURCE_OK) {
    return Status::IOError("libburn refuses " + image + " as a track");
  }
  burn_session_add_track(b.session, b.track, BURN_POS_END);
  b.opts = burn_write_opts_new(b.drive);
  burn_write_opts_set_perform_opc(b.opts, 0);
  burn_write_opts_set_multi(b.opts, 0);  // close the disc: an archive disc is never appended to
  burn_write_opts_set_underrun_proof(b.opts, 1);
  char reasons[BURN_REASONS_LEN];
  if (burn_write_opts_auto_write_type(b.opts, b.disc, reasons, 0) == BURN_WRITE_NONE) {
    return Status::FailedPrecondition(std::string("the medium cannot take this image: ") + reasons);
  }
  return Status::Ok();
}

void Wait(Burn& b, const std::function<void(uint64_t)>& progress) {
  burn_progress p{};
  while (burn_drive_get_status(b.drive, nullptr) == BURN_DRIVE_SPAWNING) usleep(100000);
  while (burn_drive_get_status(b.drive, &p) != BURN_DRIVE_IDLE) {
    if (progress) progress(static_cast<uint64_t>(p.sector) * 2048);
    usleep(200000);
  }
}

}  // namespace

Result<std::vector<Drive>> ScanDrives() {
  FR_RETURN_IF_ERROR(InitLibburn());
  burn_drive_info* infos = nullptr;
  unsigned int count = 0;
  int r;
  while ((r = burn_drive_scan(&infos, &count)) == 0) usleep(100000);
  std::vector<Drive> out;
  for (unsigned int i = 0; r > 0 && i < count; ++i) {
    char adr[BURN_DRIVE_ADR_LEN] = {};
    burn_drive_get_adr(&infos[i], adr);
    out.push_back({adr, infos[i].vendor, infos[i].product});
  }
  if (infos) burn_drive_info_free(infos);
  return out;
}

Status BurnImage(const std::string& address, const std::string& image,
                 const std::function<void(uint64_t)>& progress) {
  FR_RETURN_IF_ERROR(InitLibburn());
  Burn b;
  FR_RETURN_IF_ERROR(Grab(b, address));
  FR_RETURN_IF_ERROR(Prepare(b, image));
  burn_disc_write(b.opts, b.disc);
  Wait(b, progress);
  if (burn_drive_wrote_well(b.drive) != 1) return Status::IOError("the drive at " + address + " reports a failed write");
  return Status::Ok();
}

std::string ReadbackPath(const std::string& address) {
  return address.rfind("stdio:", 0) == 0 ? address.substr(6) : address;
}

Result<ImageDigests> DigestImage(const std::string& path, uint64_t size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("cannot open " + path + ": " + std::strerror(errno));
  uint64_t left = size;
  vault::ReadFn read = [&](uint8_t* buf, size_t cap) -> Result<size_t> {
    size_t want = static_cast<size_t>(std::min<uint64_t>(cap, left));
    ssize_t n = want == 0 ? 0 : ::read(fd, buf, want);
    if (n < 0) return Status::IOError("cannot read " + path + ": " + std::strerror(errno));
    left -= static_cast<uint64_t>(n);
    return static_cast<size_t>(n);
  };
  auto d = vault::DigestStream(read, [](const uint8_t*, size_t) { return Status::Ok(); });
  ::close(fd);
  if (!d.ok()) return d.status();
  if (d->size != size) {
    return Status::Corruption(path + " holds " + std::to_string(d->size) + " of the image's " +
                              std::to_string(size) + " bytes");
  }
  return ImageDigests{crypto::DigestHex(d->sha256), crypto::DigestHex(d->sm3)};
}

}  // namespace fullrecord::archive
