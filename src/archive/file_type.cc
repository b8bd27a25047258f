#include "archive/file_type.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

namespace fullrecord::archive {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool At(std::string_view s, size_t offset, std::string_view what) {
  return s.size() >= offset + what.size() && s.compare(offset, what.size(), what) == 0;
}

uint8_t Byte(std::string_view s, size_t i) { return i < s.size() ? uint8_t(s[i]) : 0; }

FileType Make(const char* code, const char* ext, Category c) { return {code, ext, c}; }

// ISO base media (MP4, MOV, 3GP, HEIF): "ftyp" at offset 4 and a brand after it.
FileType FtypType(std::string_view head) {
  std::string_view brand = head.substr(8, 4);
  if (brand == "qt  ") return Make("mov", ".mov", Category::kVideo);
  if (brand == "M4A " || brand == "M4B ") return Make("m4a", ".m4a", Category::kAudio);
  if (brand == "heic" || brand == "heix" || brand == "mif1" || brand == "msf1") {
    return Make("heif", ".heic", Category::kImage);
  }
  if (StartsWith(brand, "3g")) return Make("3gp", ".3gp", Category::kVideo);
  return Make("mp4", ".mp4", Category::kVideo);
}

FileType RiffType(std::string_view head) {
  if (At(head, 8, "AVI ")) return Make("avi", ".avi", Category::kVideo);
  if (At(head, 8, "WAVE")) return Make("wav", ".wav", Category::kAudio);
  if (At(head, 8, "WEBP")) return Make("webp", ".webp", Category::kImage);
  return Make("riff", ".bin", Category::kUnknown);
}

// Programs: Windows PE, ELF, Mach-O, scripts with an interpreter line, Dalvik, Java classes.
bool IsExecutable(std::string_view h, FileType* out) {
  struct Magic {
    std::string_view bytes;
    const char* code;
  };
  static const std::array<Magic, 9> kMagics = {{{"MZ", "pe"},
                                                {"\x7f" "ELF", "elf"},
                                                {"#!", "script"},
                                                {"\xfe\xed\xfa\xce", "macho"},
                                                {"\xfe\xed\xfa\xcf", "macho"},
                                                {"\xce\xfa\xed\xfe", "macho"},
                                                {"\xcf\xfa\xed\xfe", "macho"},
                                                {"\xca\xfe\xba\xbe", "macho-or-java"},
                                                {"dex\n", "dex"}}};
  if (StartsWith(h, "#!AMR")) return false;  // AMR audio, not a script
  for (const auto& m : kMagics) {
    if (StartsWith(h, m.bytes)) {
      *out = Make(m.code, ".bin", Category::kExecutable);
      return true;
    }
  }
  return false;
}

// Length of the UTF-8 sequence starting with byte `c`, 0 if `c` cannot start one.
size_t Utf8Length(uint8_t c) {
  if (c < 0x80) return 1;
  if ((c & 0xe0) == 0xc0) return c >= 0xc2 ? 2 : 0;
  if ((c & 0xf0) == 0xe0) return 3;
  if ((c & 0xf8) == 0xf0) return c <= 0xf4 ? 4 : 0;
  return 0;
}

// Valid UTF-8 with no NUL and no control characters but tab, CR, LF and FF. A sequence cut by
// the end of `head` is accepted.
bool LooksLikeText(std::string_view head) {  // see IsUtf8Text
  if (head.empty()) return false;
  for (size_t i = 0; i < head.size();) {
    uint8_t c = uint8_t(head[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') return false;
    if (c == 0x7f) return false;
    size_t n = Utf8Length(c);
    if (n == 0) return false;
    for (size_t k = 1; k < n && i + k < head.size(); ++k) {
      if ((uint8_t(head[i + k]) & 0xc0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

FileType SniffMedia(std::string_view h, bool* found) {
  *found = true;
  if (StartsWith(h, "%PDF-")) return Make("pdf", ".pdf", Category::kDocument);
  if (StartsWith(h, "\xff\xd8\xff")) return Make("jpeg", ".jpg", Category::kImage);
  if (StartsWith(h, "\x89PNG\r\n\x1a\n")) return Make("png", ".png", Category::kImage);
  if (StartsWith(h, std::string_view("II*\0", 4)) || StartsWith(h, std::string_view("MM\0*", 4))) {
    return Make("tiff", ".tif", Category::kImage);
  }
  if (StartsWith(h, "GIF87a") || StartsWith(h, "GIF89a")) return Make("gif", ".gif", Category::kImage);
  if (StartsWith(h, "BM") && h.size() >= 26) return Make("bmp", ".bmp", Category::kImage);
  if (At(h, 4, "ftyp") && h.size() >= 12) return FtypType(h);
  if (StartsWith(h, "RIFF") && h.size() >= 12) return RiffType(h);
  if (StartsWith(h, "\x1a\x45\xdf\xa3")) return Make("matroska", ".mkv", Category::kVideo);
  if (StartsWith(h, std::string_view("\0\0\x01\xba", 4))) return Make("mpeg-ps", ".mpg", Category::kVideo);
  if (Byte(h, 0) == 0x47 && Byte(h, 188) == 0x47 && (h.size() < 377 || Byte(h, 376) == 0x47)) {
    return Make("mpeg-ts", ".ts", Category::kVideo);
  }
  if (StartsWith(h, "#!AMR")) return Make("amr", ".amr", Category::kAudio);
  if (StartsWith(h, "fLaC")) return Make("flac", ".flac", Category::kAudio);
  if (StartsWith(h, "OggS")) return Make("ogg", ".ogg", Category::kAudio);
  if (StartsWith(h, "ID3")) return Make("mp3", ".mp3", Category::kAudio);
  if (Byte(h, 0) == 0xff && (Byte(h, 1) & 0xe0) == 0xe0) {
    bool adts = (Byte(h, 1) & 0x06) == 0;
    return adts ? Make("aac", ".aac", Category::kAudio) : Make("mp3", ".mp3", Category::kAudio);
  }
  *found = false;
  return {};
}

bool EndsWithCi(const std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    if (std::tolower(uint8_t(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  }
  return true;
}

std::string Utf16Le(std::string_view ascii) {
  std::string out;
  for (char c : ascii) {
    out.push_back(c);
    out.push_back('\0');
  }
  return out;
}

// "/JS" as a PDF name: followed by a delimiter, not by more name characters.
bool HasJsName(std::string_view bytes) {
  for (size_t p = bytes.find("/JS"); p != std::string_view::npos; p = bytes.find("/JS", p + 3)) {
    uint8_t next = Byte(bytes, p + 3);
    if (!std::isalnum(next) && next != '_' && next != '.') return true;
  }
  return false;
}

}  // namespace

bool IsUtf8Text(std::string_view bytes) { return LooksLikeText(bytes); }

FileType SniffType(std::string_view head) {
  FileType t;
  if (IsExecutable(head, &t)) return t;
  bool found = false;
  t = SniffMedia(head, &found);
  if (found) return t;
  if (StartsWith(head, "PK\x03\x04")) return Make("zip", ".zip", Category::kUnknown);
  if (StartsWith(head, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")) {
    return Make("ole", ".ole", Category::kDocument);
  }
  std::string_view body = StartsWith(head, "\xef\xbb\xbf") ? head.substr(3) : head;
  if (LooksLikeText(body)) return Make("text", ".txt", Category::kText);
  return Make("unknown", ".bin", Category::kUnknown);
}

FileType ZipTypeFromNames(const std::vector<std::string>& names) {
  auto has = [&](std::string_view prefix) {
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string& n) { return StartsWith(n, prefix); });
  };
  if (has("OFD.xml")) return Make("ofd", ".ofd", Category::kDocument);
  if (has("[Content_Types].xml")) {
    if (has("word/")) return Make("docx", ".docx", Category::kDocument);
    if (has("xl/")) return Make("xlsx", ".xlsx", Category::kDocument);
    if (has("ppt/")) return Make("pptx", ".pptx", Category::kDocument);
  }
  return Make("zip", ".zip", Category::kUnknown);
}

std::vector<std::string> ZipHazards(const std::vector<std::string>& names) {
  static const std::array<std::string_view, 12> kPrograms = {
      ".exe", ".dll", ".com", ".scr", ".msi", ".bat", ".cmd", ".ps1", ".vbs", ".js", ".jar", ".sh"};
  std::vector<std::string> hazards;
  for (const auto& n : names) {
    if (EndsWithCi(n, "vbaproject.bin")) hazards.push_back("macros (VBA project " + n + ")");
    if (n.find("activeX/") != std::string::npos) hazards.push_back("ActiveX control " + n);
    for (auto ext : kPrograms) {
      if (EndsWithCi(n, ext)) hazards.push_back("program inside the container: " + n);
    }
  }
  return hazards;
}

std::vector<std::string> OleHazards(std::string_view bytes) {
  std::vector<std::string> hazards;
  if (bytes.find(Utf16Le("_VBA_PROJECT")) != std::string_view::npos) {
    hazards.push_back("macros (OLE storage _VBA_PROJECT)");
  } else if (bytes.find(Utf16Le("Macros")) != std::string_view::npos) {
    hazards.push_back("macros (OLE storage Macros)");
  }
  return hazards;
}

std::vector<std::string> PdfHazards(std::string_view bytes) {
  std::vector<std::string> hazards;
  if (bytes.find("/JavaScript") != std::string_view::npos || HasJsName(bytes)) {
    hazards.push_back("JavaScript in the PDF");
  }
  if (bytes.find("/Launch") != std::string_view::npos) hazards.push_back("launch action in the PDF");
  return hazards;
}

bool OnAllowlist(const FileType& type) {
  switch (type.category) {
    case Category::kDocument:
    case Category::kImage:
    case Category::kVideo:
    case Category::kAudio:
    case Category::kText:
      return true;
    case Category::kExecutable:
    case Category::kUnknown:
      return false;
  }
  return false;
}

}  // namespace fullrecord::archive
