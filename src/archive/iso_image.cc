#include "archive/iso_image.h"

#include <unistd.h>

// libisofs then declares struct burn_source itself, through which it hands out the image.
#define LIBISOFS_WITHOUT_LIBBURN 1
#include <libisofs/libisofs.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>

#include "archive/image_output.h"
#include "archive/iso_stream.h"
#include "common/hex.h"
#include "crypto/digest.h"

namespace fullrecord::archive {
namespace {

// The image is drained from libisofs and hashed in pieces that stay in the CPU's cache, straight
// into the output's buffers.
constexpr size_t kChunk = 64 * 1024;
constexpr size_t kFifoBlocks = 4096;  // 8 MiB between libisofs's writer thread and ours

Status InitLibisofs() {
  static std::once_flag once;
  static Status status;
  std::call_once(once, [] {
    if (iso_init_with_flag(1) < 0) {  // bit 0: leave the process locale alone
      status = Status::Internal("libisofs failed to initialise");
      return;
    }
    char utf8[] = "UTF-8";
    char never[] = "NEVER";
    char fatal[] = "FATAL";
    char prefix[] = "fullrecord";
    iso_set_local_charset(utf8, 0);  // names are UTF-8 whatever the locale says
    iso_set_msgs_severities(never, fatal, prefix);
  });
  return status;
}

Status IsoError(int code, const std::string& what) {
  return Status::Internal(what + ": " + iso_error_to_msg(code));
}

// "2026120302000000": the PVD's creation time as libisofs takes it, fully predictable.
std::string PvdTime(UnixMicros t) {
  time_t secs = static_cast<time_t>(t / 1000000);
  struct tm tm {};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d%02d%02d%02d%02d%02d00", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

struct ImageUnref {
  void operator()(IsoImage* image) const { iso_image_unref(image); }
};
struct OptsFree {
  void operator()(IsoWriteOpts* opts) const { iso_write_opts_free(opts); }
};

// The directory tree of an image, with a stream for every file.
class Tree {
 public:
  Status Build(vault::Vault& vault, const std::vector<ImageFile>& files,
               const ImageOptions& options, StreamState* state);
  IsoImage* image() const { return image_.get(); }

 private:
  Result<IsoDir*> Dir(const std::string& path);
  Status AddFile(vault::Vault& vault, const ImageFile& file, StreamState* state);

  std::unique_ptr<IsoImage, ImageUnref> image_;
  std::map<std::string, IsoDir*> dirs_;
};

Result<IsoDir*> Tree::Dir(const std::string& path) {
  if (path.empty()) return iso_image_get_root(image_.get());
  if (auto it = dirs_.find(path); it != dirs_.end()) return it->second;
  auto slash = path.rfind('/');
  FR_ASSIGN_OR_RETURN(IsoDir* parent, Dir(slash == std::string::npos ? "" : path.substr(0, slash)));
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  IsoDir* dir = nullptr;
  int r = iso_image_add_new_dir(image_.get(), parent, name.c_str(), &dir);
  if (r < 0) return Status::InvalidArgument("directory \"" + path + "\": " + iso_error_to_msg(r));
  dirs_[path] = dir;
  return dir;
}

Status Tree::AddFile(vault::Vault& vault, const ImageFile& file, StreamState* state) {
  auto slash = file.path.rfind('/');
  std::string name = slash == std::string::npos ? file.path : file.path.substr(slash + 1);
  FR_ASSIGN_OR_RETURN(IsoDir* dir, Dir(slash == std::string::npos ? "" : file.path.substr(0, slash)));
  FR_ASSIGN_OR_RETURN(IsoStream* stream, file.blob.empty() ? NewMemoryStream(file.content)
                                                           : NewBlobStream(vault, file, state));
  IsoFile* node = nullptr;
  int r = iso_image_add_new_file(image_.get(), dir, name.c_str(), stream, &node);
  if (r < 0) {
    iso_stream_unref(stream);
    return Status::InvalidArgument("file \"" + file.path + "\": " + iso_error_to_msg(r));
  }
  return Status::Ok();
}

Status Tree::Build(vault::Vault& vault, const std::vector<ImageFile>& files,
                   const ImageOptions& options, StreamState* state) {
  FR_RETURN_IF_ERROR(InitLibisofs());
  IsoImage* image = nullptr;
  int r = iso_image_new(options.volume_id.c_str(), &image);
  if (r < 0) return IsoError(r, "cannot create an image");
  image_.reset(image);
  iso_image_set_volset_id(image, options.volume_set_id.c_str());
  iso_image_set_publisher_id(image, options.publisher.c_str());
  iso_image_set_data_preparer_id(image, "fullrecord");
  iso_image_set_application_id(image, "fullrecord archive disc (docs/disc_format.md)");
  for (const auto& f : files) FR_RETURN_IF_ERROR(AddFile(vault, f, state));
  return Status::Ok();
}

Result<std::unique_ptr<IsoWriteOpts, OptsFree>> MakeOptions(const ImageOptions& options,
                                                            bool measure_only) {
  IsoWriteOpts* raw = nullptr;
  int r = iso_write_opts_new(&raw, 2);  // the "distribution" profile: Rock Ridge and Joliet
  if (r < 0) return IsoError(r, "cannot create write options");
  std::unique_ptr<IsoWriteOpts, OptsFree> opts(raw);
  iso_write_opts_set_iso_level(raw, 3);  // files over 4 GiB as multi-extent files
  iso_write_opts_set_rockridge(raw, 1);
  iso_write_opts_set_joliet(raw, 1);
  iso_write_opts_set_joliet_longer_paths(raw, 1);
  iso_write_opts_set_joliet_long_names(raw, 1);
  iso_write_opts_set_joliet_utf16(raw, 1);
  iso_write_opts_set_replace_mode(raw, 2, 2, 2, 2);
  iso_write_opts_set_default_dir_mode(raw, 0555);
  iso_write_opts_set_default_file_mode(raw, 0444);
  iso_write_opts_set_default_uid(raw, 0);
  iso_write_opts_set_default_gid(raw, 0);
  iso_write_opts_set_replace_timestamps(raw, 2);
  iso_write_opts_set_default_timestamp(raw, static_cast<time_t>(options.time / 1000000));
  iso_write_opts_set_always_gmt(raw, 1);
  std::string uuid = PvdTime(options.time);
  iso_write_opts_set_pvd_times(raw, 0, 0, 0, 0, uuid.data());
  iso_write_opts_set_fifo_size(raw, kFifoBlocks);
  iso_write_opts_set_will_cancel(raw, measure_only ? 1 : 0);
  return opts;
}

// Owns a burn_source made by libisofs; cancels it unless it was read to the end.
class Source {
 public:
  explicit Source(burn_source* src) : src_(src) {}
  ~Source() {
    if (!finished_) src_->cancel(src_);
    src_->free_data(src_);
    std::free(src_);
  }
  burn_source* get() const { return src_; }
  void MarkFinished() { finished_ = true; }

 private:
  burn_source* src_;
  bool finished_ = false;
};

Result<std::unique_ptr<Source>> StartImage(const Tree& tree, const ImageOptions& options,
                                           bool measure_only) {
  FR_ASSIGN_OR_RETURN(auto opts, MakeOptions(options, measure_only));
  burn_source* src = nullptr;
  int r = iso_image_create_burn_source(tree.image(), opts.get(), &src);
  if (r < 0) return Status::InvalidArgument(std::string("libisofs refuses the image: ") +
                                            iso_error_to_msg(r));
  return std::make_unique<Source>(src);
}

// Reads the image stream to its end into `out`'s buffers, hashing it; stops at the first
// failure of a stream (a digest mismatch) or of the output.
Result<WrittenImage> Drain(Source& src, StreamState& state, ImageOutput& out,
                           const ImageProgressFn& progress) {
  uint64_t expected = static_cast<uint64_t>(src.get()->get_size(src.get()));
  crypto::Hasher sha(crypto::HashAlgorithm::kSha256);
  WrittenImage img;
  bool ended = false;
  while (img.size < expected && !ended) {
    FR_ASSIGN_OR_RETURN(uint8_t* buf, out.Next());
    size_t fill = 0;
    // libisofs's stream ends with a short read lost: ask for exactly what is left.
    while (fill < ImageOutput::kBuffer && img.size < expected) {
      size_t want = std::min({kChunk, ImageOutput::kBuffer - fill, expected - img.size});
      int n = src.get()->read_xt(src.get(), buf + fill, static_cast<int>(want));
      FR_RETURN_IF_ERROR(state.status());
      if (n < 0) return Status::IOError("libisofs failed while producing the image");
      if (n == 0) {
        ended = true;
        break;
      }
      sha.Update(buf + fill, static_cast<size_t>(n));
      fill += static_cast<size_t>(n);
      img.size += static_cast<uint64_t>(n);
      if (progress) progress(img.size);
    }
    out.Submit(buf, fill);
  }
  FR_RETURN_IF_ERROR(state.status());
  if (img.size != expected) {
    return Status::IOError("image ended after " + std::to_string(img.size) + " of " +
                           std::to_string(expected) + " bytes");
  }
  src.MarkFinished();
  img.sha256 = crypto::DigestHex(sha.Finish());
  return img;
}

}  // namespace

Result<uint64_t> MeasureImage(vault::Vault& vault, const std::vector<ImageFile>& files,
                              const ImageOptions& options) {
  Tree tree;
  FR_RETURN_IF_ERROR(tree.Build(vault, files, options, nullptr));
  FR_ASSIGN_OR_RETURN(auto src, StartImage(tree, options, true));
  return static_cast<uint64_t>(src->get()->get_size(src->get()));
}

Result<WrittenImage> WriteImage(vault::Vault& vault, const std::vector<ImageFile>& files,
                                const ImageOptions& options, const std::string& path,
                                const ImageProgressFn& progress) {
  if (::access(path.c_str(), F_OK) == 0) return Status::AlreadyExists(path + " already exists");
  StreamState state;
  Tree tree;
  FR_RETURN_IF_ERROR(tree.Build(vault, files, options, &state));
  ImageOutput out(path);
  FR_RETURN_IF_ERROR(out.Open());
  FR_ASSIGN_OR_RETURN(auto src, StartImage(tree, options, false));
  FR_ASSIGN_OR_RETURN(WrittenImage img, Drain(*src, state, out, progress));
  src.reset();  // libisofs's writer thread has ended; release the streams before publishing
  FR_RETURN_IF_ERROR(out.Publish());
  return img;
}

}  // namespace fullrecord::archive
