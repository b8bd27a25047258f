// What an original is, judged by its bytes and never by a name: the type by magic bytes, and
// the hazards that make it unfit for an archive disc (executables, macros, scripts in PDFs).
// The security part of the four-property check (四性检测) rests on this.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "archive/blob_file.h"
#include "common/status.h"

namespace fullrecord::archive {

enum class Category { kDocument, kImage, kVideo, kAudio, kText, kExecutable, kUnknown };

struct FileType {
  std::string code;  // "pdf", "jpeg", "mp4", "docx", "ole", "pe", "unknown" …
  std::string ext;   // the extension the file gets on disc: ".pdf", ".mp4", ".bin" …
  Category category = Category::kUnknown;
};

// The type of a file from its first bytes (give at least 512 where the file has them). Zip and
// OLE containers come back as "zip" and "ole"; Identify refines them from their contents.
FileType SniffType(std::string_view head);

// Names inside a zip container decide what it is: OFD, DOCX, XLSX, PPTX, or a plain "zip".
FileType ZipTypeFromNames(const std::vector<std::string>& names);

// Hazards found in a container's entry names: macros (vbaProject.bin), executables, ActiveX.
std::vector<std::string> ZipHazards(const std::vector<std::string>& names);
// Hazards in an OLE compound file (old Word/Excel): a VBA project or macro storage.
std::vector<std::string> OleHazards(std::string_view bytes);
// Hazards in a PDF's bytes: JavaScript and launch actions (found where not compressed away).
std::vector<std::string> PdfHazards(std::string_view bytes);

// True for the types an archive disc may carry: documents (PDF, OFD, Office Open XML, OLE
// without macros), images, audio, video and plain UTF-8 text.
bool OnAllowlist(const FileType& type);

struct Identity {
  FileType type;
  std::vector<std::string> hazards;  // empty when nothing unsafe was found
  std::string unreadable;            // why a container could not be read; empty when it could
};

// Larger containers and PDFs are not scanned whole; Identify says so as a hazard.
constexpr uint64_t kScanLimit = 512ull << 20;

// Reads the head of `file` and, for containers and PDFs, the whole file (up to kScanLimit), and
// says what it is and what in it is unsafe. Leaves the position anywhere.
Result<Identity> Identify(BlobFile& file);

// Names of the entries of a zip container, read with libarchive; with `read_data` every entry
// is also read whole, so a damaged one (bad CRC, cut short) gives InvalidArgument.
Result<std::vector<std::string>> ListZipEntries(BlobFile& file, bool read_data = false);

// Valid UTF-8 text: no NUL, no control characters but tab, CR, LF and FF. A sequence cut short
// at the very end is accepted (`bytes` may be the head of a longer file).
bool IsUtf8Text(std::string_view bytes);

}  // namespace fullrecord::archive
