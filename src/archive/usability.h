// The usability part of the four-property check (四性检测): every original opens the way a reader
// of the disc would open it. Media (video, audio, images) are opened with libavformat and one
// frame is decoded with libavcodec; PDFs are parsed with poppler and their first page loaded;
// zip-based documents are read whole (checking every CRC); text must be UTF-8.
#pragma once

#include "archive/blob_file.h"
#include "archive/file_type.h"
#include "common/status.h"

namespace fullrecord::archive {

// Ok when `file`, of type `type`, opens; otherwise FailedPrecondition saying what did not work.
// Reads as little as the format needs (a media file's headers and first frames).
Status CheckUsable(BlobFile& file, const FileType& type);

}  // namespace fullrecord::archive
