// IndexHtml: the disc's index as a printable HTML page.
#include <cstdio>

#include "archive/index_doc.h"

namespace fullrecord::archive {
namespace {

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Field(const char* label, const std::string& value) {
  return "<tr><th>" + std::string(label) + "</th><td>" + Escape(value) + "</td></tr>\n";
}

std::string HeaderTable(const DiscIndex& x) {
  std::string disc = "第 " + std::to_string(x.seq) + " 张，共 " + std::to_string(x.total) + " 张";
  return "<table class=\"head\">\n" + Field("案件编号", x.case_number) + Field("案件名称", x.case_title) +
         Field("案件类型", x.case_kind_zh) + Field("承办科室", x.section) +
         Field("保管期限", x.retention_zh) + Field("制片人", x.maker_name + "（" + x.maker_id + "）") +
         Field("制作日期", x.made_date) + Field("归档期限（R13.1）", x.deadline) +
         Field("光盘", disc + "　" + x.media_name) + Field("光盘组标识", x.set_label) +
         Field("四性检测", x.check_result) + Field("账本检查点", x.checkpoint) + "</table>\n";
}

std::string FileTable(const DiscIndex& x) {
  std::string out =
      "<table class=\"files\">\n<tr><th>#</th><th>类别</th><th>文件</th><th>大小</th>"
      "<th>SHA-256 / SM3</th></tr>\n";
  int n = 0;
  for (const auto& r : x.rows) {
    out += "<tr><td>" + std::to_string(++n) + "</td><td>" + Escape(r.kind_zh) + "</td><td>" +
           Escape(r.path) + (r.note.empty() ? "" : "<br>" + Escape(r.note)) + "</td><td>" +
           HumanSize(r.size) + "</td><td class=\"hex\">" + r.sha256 + "<br>" + r.sm3 +
           "</td></tr>\n";
  }
  return out + "</table>\n";
}

}  // namespace

std::string HumanSize(uint64_t bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1000 && u < 4) {
    v /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof(buf), u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

std::string IndexHtml(const DiscIndex& x) {
  std::string keys;
  for (const auto& k : x.keys) keys += "<li class=\"hex\">" + Escape(k) + "</li>\n";
  return "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
         Escape(x.case_number) + " 音像记录归档光盘索引</title>\n<style>\n"
         "body{font-family:'Noto Sans CJK SC',sans-serif;margin:2em}\n"
         "table{border-collapse:collapse;margin-bottom:1.5em}\n"
         "th,td{border:1px solid #888;padding:4px 8px;text-align:left;vertical-align:top}\n"
         ".hex{font-family:monospace;font-size:85%;word-break:break-all}\n"
         "@media print{body{margin:0}}\n</style>\n</head>\n<body>\n"
         "<h1>音像记录归档光盘索引</h1>\n" +
         HeaderTable(x) + "<h2>本盘文件</h2>\n" + FileTable(x) +
         "<h2>验证公钥</h2>\n<ul>\n" + keys +
         "</ul>\n<p>校验方法见光盘根目录《读我.txt》。</p>\n</body>\n</html>\n";
}

}  // namespace fullrecord::archive
