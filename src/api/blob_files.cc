#include "api/blob_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

namespace fullrecord::api {
namespace {

struct KnownType {
  const char* ext;
  const char* type;
};

// Types a browser may show inline. Anything else is served as application/octet-stream.
constexpr KnownType kInline[] = {
    {"mp4", "video/mp4"},        {"m4v", "video/mp4"},
    {"mov", "video/quicktime"},  {"webm", "video/webm"},
    {"mkv", "video/x-matroska"}, {"avi", "video/x-msvideo"},
    {"ts", "video/mp2t"},        {"3gp", "video/3gpp"},
    {"mp3", "audio/mpeg"},       {"m4a", "audio/mp4"},
    {"aac", "audio/aac"},        {"wav", "audio/wav"},
    {"amr", "audio/amr"},        {"ogg", "audio/ogg"},
    {"jpg", "image/jpeg"},       {"jpeg", "image/jpeg"},
    {"png", "image/png"},        {"gif", "image/gif"},
    {"webp", "image/webp"},      {"bmp", "image/bmp"},
    {"pdf", "application/pdf"},  {"txt", "text/plain; charset=utf-8"},
};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return s;
}

std::string ByExtension(const std::string& file_name) {
  size_t dot = file_name.rfind('.');
  if (dot == std::string::npos) return "";
  std::string ext = Lower(file_name.substr(dot + 1));
  for (const auto& k : kInline) {
    if (ext == k.ext) return k.type;
  }
  return "";
}

std::string ByDeclared(const std::string& declared) {
  std::string t = Lower(declared.substr(0, declared.find(';')));
  for (const auto& k : kInline) {
    if (t == std::string(k.type).substr(0, std::string(k.type).find(';'))) return k.type;
  }
  return "";
}

// A few signatures of the inline types, for blobs with no name.
std::string BySignature(std::string_view head) {
  auto starts = [head](std::string_view sig, size_t at = 0) {
    return head.size() >= at + sig.size() && head.substr(at, sig.size()) == sig;
  };
  if (starts("\xff\xd8\xff")) return "image/jpeg";
  if (starts("\x89PNG\r\n\x1a\n")) return "image/png";
  if (starts("GIF87a") || starts("GIF89a")) return "image/gif";
  if (starts("%PDF-")) return "application/pdf";
  if (starts("ftyp", 4)) return starts("qt  ", 8) ? "video/quicktime" : "video/mp4";
  if (starts("RIFF") && starts("WAVE", 8)) return "audio/wav";
  if (starts("RIFF") && starts("AVI ", 8)) return "video/x-msvideo";
  if (starts("ID3")) return "audio/mpeg";
  if (starts("\x1a\x45\xdf\xa3")) return "video/webm";
  return "";
}

// RFC 8187 percent-encoding of a UTF-8 value.
std::string ExtValue(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out = "UTF-8''";
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || std::strchr("!#$&+-.^_`|~", ch)) {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  return out;
}

}  // namespace

Result<BlobFile> BlobFile::Open(app::Store& store, const std::string& sha256) {
  FR_ASSIGN_OR_RETURN(vault::BlobInfo info, store.vault().Get(sha256));
  std::string path =
      store.dir() + "/blobs/" + sha256.substr(0, 2) + "/" + sha256.substr(2, 2) + "/" + sha256;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return Status::NotFound("blob " + sha256 + " is not stored", "该文件未存储");
  if (fd < 0) return Status::IOError("cannot open " + path + ": " + std::strerror(errno));
  BlobFile file(fd, info.size);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || static_cast<uint64_t>(st.st_size) != info.size) {
    return Status::Corruption(path + " is " + std::to_string(st.st_size) +
                              " bytes; the vault "
                              "recorded " +
                              std::to_string(info.size));
  }
  return file;
}

BlobFile::~BlobFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<size_t> BlobFile::ReadAt(uint64_t offset, void* buf, size_t cap) const {
  for (;;) {
    ssize_t n = ::pread(fd_, buf, cap, static_cast<off_t>(offset));
    if (n >= 0) return static_cast<size_t>(n);
    if (errno != EINTR)
      return Status::IOError(std::string("blob read failed: ") + std::strerror(errno));
  }
}

bool IsSha256Hex(const std::string& text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string MediaTypeFor(const std::string& declared, const std::string& file_name,
                         std::string_view head) {
  for (const std::string& t : {ByDeclared(declared), ByExtension(file_name), BySignature(head)}) {
    if (!t.empty()) return t;
  }
  return "application/octet-stream";
}

std::string ContentDisposition(bool attachment, const std::string& file_name) {
  std::string ascii;
  for (unsigned char ch : file_name) {
    bool plain = ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\' && ch != '/';
    ascii += plain ? static_cast<char>(ch) : '_';
  }
  std::string out =
      std::string(attachment ? "attachment" : "inline") + "; filename=\"" + ascii + "\"";
  if (ascii != file_name) out += "; filename*=" + ExtValue(file_name);
  return out;
}

}  // namespace fullrecord::api
