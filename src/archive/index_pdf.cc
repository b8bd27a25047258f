// IndexPdf: the disc's index as an A4 PDF, drawn with cairo in Noto CJK fonts from fontconfig.
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>

#include <memory>
#include <mutex>

#include "archive/index_doc.h"

namespace fullrecord::archive {
namespace {

constexpr double kPageW = 595.28, kPageH = 841.89, kMargin = 50;

struct FontFaceUnref {
  void operator()(cairo_font_face_t* f) const { cairo_font_face_destroy(f); }
};
using FontFace = std::unique_ptr<cairo_font_face_t, FontFaceUnref>;

// The best fontconfig match for `family`; FailedPrecondition unless it is a Noto CJK face.
Result<FontFace> LoadFont(const char* family) {
  static std::mutex mu;  // fontconfig's default configuration is shared
  std::lock_guard<std::mutex> lock(mu);
  FcPattern* want = FcNameParse(reinterpret_cast<const FcChar8*>(family));
  FcConfigSubstitute(nullptr, want, FcMatchPattern);
  FcDefaultSubstitute(want);
  FcResult result;
  FcPattern* match = FcFontMatch(nullptr, want, &result);
  FcPatternDestroy(want);
  FcChar8* got = nullptr;
  if (!match || FcPatternGetString(match, FC_FAMILY, 0, &got) != FcResultMatch ||
      std::string(reinterpret_cast<char*>(got)).find("CJK") == std::string::npos) {
    if (match) FcPatternDestroy(match);
    return Status::FailedPrecondition(std::string("no Noto CJK font for \"") + family +
                                      "\" (Debian package fonts-noto-cjk)");
  }
  FontFace face(cairo_ft_font_face_create_for_pattern(match));
  FcPatternDestroy(match);  // cairo keeps its own reference
  return face;
}

cairo_status_t Collect(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Lines of text flowing down A4 pages, wrapped at the margin.
class Pages {
 public:
  Pages(cairo_t* cr, FontFace sans, FontFace mono)
      : cr_(cr), sans_(std::move(sans)), mono_(std::move(mono)) {}

  void Text(const std::string& text, double size, bool mono = false, double indent = 0);
  void Gap(double points) { y_ += points; }
  void Finish() { Footer(); }

 private:
  void NewLineOf(double height);
  void Footer();

  cairo_t* cr_;
  FontFace sans_, mono_;
  double y_ = kMargin;
  int page_ = 1;
};

void Pages::NewLineOf(double height) {
  if (y_ + height <= kPageH - kMargin) return;
  Footer();
  cairo_show_page(cr_);
  ++page_;
  y_ = kMargin;
}

void Pages::Footer() {
  cairo_set_font_face(cr_, sans_.get());
  cairo_set_font_size(cr_, 8);
  cairo_move_to(cr_, kPageW / 2 - 15, kPageH - kMargin / 2);
  cairo_show_text(cr_, ("第 " + std::to_string(page_) + " 页").c_str());
}

size_t NextChar(const std::string& s, size_t i) {
  uint8_t c = uint8_t(s[i]);
  size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;
  return std::min(s.size(), i + n);
}

void Pages::Text(const std::string& text, double size, bool mono, double indent) {
  cairo_set_font_face(cr_, mono ? mono_.get() : sans_.get());
  cairo_set_font_size(cr_, size);
  double width = kPageW - 2 * kMargin - indent;
  size_t start = 0;
  while (start < text.size()) {
    // The longest run of whole characters that fits the line.
    size_t end = start, fit = start;
    while (end < text.size()) {
      end = NextChar(text, end);
      cairo_text_extents_t ext;
      cairo_text_extents(cr_, text.substr(start, end - start).c_str(), &ext);
      if (ext.x_advance > width && fit > start) break;
      fit = end;
    }
    NewLineOf(size * 1.5);
    y_ += size * 1.3;
    cairo_move_to(cr_, kMargin + indent, y_);
    cairo_show_text(cr_, text.substr(start, fit - start).c_str());
    y_ += size * 0.2;
    start = fit;
  }
}

void DrawHeader(Pages& p, const DiscIndex& x) {
  p.Text("音像记录归档光盘索引", 18);
  p.Gap(6);
  p.Text("案件编号：" + x.case_number, 11);
  p.Text("案件名称：" + x.case_title, 11);
  p.Text("案件类型：" + x.case_kind_zh + "　承办科室：" + x.section + "　保管期限：" + x.retention_zh, 11);
  p.Text("制片人：" + x.maker_name + "（" + x.maker_id + "）　制作日期：" + x.made_date, 11);
  if (!x.deadline.empty()) p.Text("归档期限（R13.1，结束后30个工作日）：" + x.deadline, 11);
  p.Text("光盘：第 " + std::to_string(x.seq) + " 张，共 " + std::to_string(x.total) + " 张　" +
             x.media_name + "　光盘组：" + x.set_label, 11);
  p.Text("四性检测：" + x.check_result, 11);
  p.Text("账本检查点：" + x.checkpoint, 9);
  p.Gap(8);
}

void DrawRows(Pages& p, const DiscIndex& x) {
  p.Text("本盘文件（" + std::to_string(x.rows.size()) + " 个）", 13);
  int n = 0;
  for (const auto& r : x.rows) {
    p.Gap(4);
    std::string head = std::to_string(++n) + ". " + r.kind_zh + "　" + r.path + "　" + HumanSize(r.size);
    if (!r.note.empty()) head += "　" + r.note;
    p.Text(head, 10);
    p.Text("SHA-256 " + r.sha256, 8, true, 14);
    p.Text("SM3     " + r.sm3, 8, true, 14);
  }
}

void DrawKeys(Pages& p, const DiscIndex& x) {
  p.Gap(10);
  p.Text("验证公钥（与本单位公布的公钥核对）", 13);
  for (const auto& k : x.keys) p.Text(k, 8, true, 14);
  p.Gap(6);
  p.Text("校验方法见光盘根目录《读我.txt》（README.txt）。", 10);
}

}  // namespace

Result<std::string> IndexPdf(const DiscIndex& x) {
  FR_ASSIGN_OR_RETURN(FontFace sans, LoadFont("Noto Sans CJK SC"));
  FR_ASSIGN_OR_RETURN(FontFace mono, LoadFont("Noto Sans Mono CJK SC"));
  std::string pdf;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(Collect, &pdf, kPageW, kPageH);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                 (x.case_number + " 音像记录归档光盘索引").c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, x.maker_name.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "fullrecord");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, x.made_time.c_str());
  cairo_t* cr = cairo_create(surface);
  {
    Pages pages(cr, std::move(sans), std::move(mono));
    DrawHeader(pages, x);
    DrawRows(pages, x);
    DrawKeys(pages, x);
    pages.Finish();
  }
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (st != CAIRO_STATUS_SUCCESS) {
    return Status::Internal(std::string("cairo: ") + cairo_status_to_string(st));
  }
  return pdf;
}

}  // namespace fullrecord::archive
