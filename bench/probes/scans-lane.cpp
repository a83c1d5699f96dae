// Throughput probe, not product code: how fast could a native scans lane be?
//
// The checks of src/ingest/formats/snort-scans-fast-lane.ts in C++, on one thread: each line is
// validated the same way, its columns written into 8192-row batches with validity bits, and its
// addresses interned in an open-addressing table (the last source cached), as the lane does. The
// year is fixed (2004) and the zone is UTC: a probe of throughput, not of dates.
//
//   g++ -O2 -o bench/data/scans-lane bench/probes/scans-lane.cpp   (bench/data/ is git-ignored)
//   bench/data/scans-lane bench/data/classic-650mb-seed1/scans.040420
//
// Compare with `npm run bench`'s "parse snort-scans (1 thread)". Figures in docs/PERFORMANCE.md.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace {

const char* const MONTHS[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char* const TYPES[] = {"UDP",  "SYN",   "FIN",   "SYNFIN", "NULL", "XMAS",       "FULLXMAS",
                             "VECNA", "NOACK", "NMAPID", "SPAU",  "INVALIDACK", "UNKNOWN"};
const int TYPE_COUNT = 13;
const int DAYS_BEFORE_MONTH[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
const int BATCH_ROWS = 8192;
const int COLUMNS = 10;

bool isDigit(uint8_t c) { return c >= '0' && c <= '9'; }
bool isBlank(uint8_t c) { return c == ' ' || c == '\t'; }

int monthAt(const uint8_t* p) {
  for (int i = 0; i < 12; i++) {
    if (p[0] == MONTHS[i][0] && p[1] == MONTHS[i][1] && p[2] == MONTHS[i][2]) return i + 1;
  }
  return 0;
}

int twoDigits(const uint8_t* p) {
  if (!isDigit(p[0]) || !isDigit(p[1])) return -1;
  return (p[0] - '0') * 10 + (p[1] - '0');
}

// A canonical `a.b.c.d:port` at p: the position after the port, or nullptr.
const uint8_t* endpoint(const uint8_t* p, const uint8_t* e, uint32_t& address, int& port) {
  address = 0;
  for (int part = 0; part < 4; part++) {
    if (p >= e || !isDigit(*p)) return nullptr;
    int octet = *p++ - '0';
    if (p < e && isDigit(*p)) {
      if (octet == 0) return nullptr;  // a leading zero is not canonical
      octet = octet * 10 + (*p++ - '0');
      if (p < e && isDigit(*p)) {
        octet = octet * 10 + (*p++ - '0');
        if (octet > 255) return nullptr;
      }
    }
    address = (address << 8) | static_cast<uint32_t>(octet);
    if (p >= e || *p != (part < 3 ? '.' : ':')) return nullptr;
    p++;
  }
  const uint8_t* from = p;
  int n = 0;
  while (p < e && p - from < 5 && isDigit(*p)) n = n * 10 + (*p++ - '0');
  if (p == from || n > 65535) return nullptr;
  port = n;
  return p;
}

// Ids for addresses by value: open addressing, Fibonacci hashing, load factor at most 1/2.
class Interner {
 public:
  uint32_t count = 0;

  uint32_t idOf(uint32_t key) {
    uint32_t mask = (1u << bits_) - 1;
    uint32_t slot = (key * 0x9e3779b1u) >> (32 - bits_);
    while (ids_[slot] != 0) {
      if (keys_[slot] == key) return ids_[slot] - 1;
      slot = (slot + 1) & mask;
    }
    keys_[slot] = key;
    ids_[slot] = ++count;
    if (count * 2 > (1u << bits_)) grow();
    return count - 1;
  }

 private:
  uint32_t bits_ = 16;
  std::vector<uint32_t> keys_ = std::vector<uint32_t>(1u << 16);
  std::vector<uint32_t> ids_ = std::vector<uint32_t>(1u << 16);

  void grow() {
    std::vector<uint32_t> oldKeys = keys_;
    std::vector<uint32_t> oldIds = ids_;
    bits_++;
    keys_.assign(1u << bits_, 0);
    ids_.assign(1u << bits_, 0);
    uint32_t mask = (1u << bits_) - 1;
    for (size_t i = 0; i < oldKeys.size(); i++) {
      if (oldIds[i] == 0) continue;
      uint32_t slot = (oldKeys[i] * 0x9e3779b1u) >> (32 - bits_);
      while (ids_[slot] != 0) slot = (slot + 1) & mask;
      keys_[slot] = oldKeys[i];
      ids_[slot] = oldIds[i];
    }
  }
};

// One batch of the columns the lane writes.
struct Batch {
  std::vector<uint32_t> line = std::vector<uint32_t>(BATCH_ROWS);
  std::vector<uint32_t> src = std::vector<uint32_t>(BATCH_ROWS);
  std::vector<uint32_t> dst = std::vector<uint32_t>(BATCH_ROWS);
  std::vector<uint32_t> type = std::vector<uint32_t>(BATCH_ROWS);
  std::vector<int32_t> sport = std::vector<int32_t>(BATCH_ROWS);
  std::vector<int32_t> dport = std::vector<int32_t>(BATCH_ROWS);
  std::vector<double> ts = std::vector<double>(BATCH_ROWS);
  std::vector<uint8_t> flags = std::vector<uint8_t>(BATCH_ROWS);
  std::vector<uint8_t> reserved = std::vector<uint8_t>(BATCH_ROWS);
  std::vector<uint8_t> valid = std::vector<uint8_t>(BATCH_ROWS / 8 * COLUMNS);
  int rows = 0;
};

// Parse one line (trailing blanks and CR already trimmed) into the batch; false declines it.
bool parseLine(const uint8_t* p, const uint8_t* e, uint32_t lineNumber, Interner& interner, uint32_t& lastSrc,
               uint32_t& lastSrcId, Batch& b) {
  if (e - p < 41) return false;
  int month = monthAt(p);
  if (month == 0 || p[3] != ' ') return false;
  p += 4;
  if (*p == ' ') p++;
  if (!isDigit(*p)) return false;
  int day = *p++ - '0';
  if (isDigit(*p)) day = day * 10 + (*p++ - '0');
  if (*p++ != ' ') return false;
  int hour = twoDigits(p), minute = twoDigits(p + 3), second = twoDigits(p + 6);
  if (hour < 0 || minute < 0 || second < 0 || p[2] != ':' || p[5] != ':' || p[8] != ' ') return false;
  if (hour > 23 || minute > 59 || second > 59 || day < 1 || day > 31) return false;
  p += 9;

  uint32_t src, dst;
  int sport, dport;
  p = endpoint(p, e, src, sport);
  if (p == nullptr || p + 4 > e || memcmp(p, " -> ", 4) != 0) return false;
  p = endpoint(p + 4, e, dst, dport);
  if (p == nullptr || p >= e || !isBlank(*p)) return false;
  while (p < e && isBlank(*p)) p++;

  const uint8_t* word = p;
  while (p < e && !isBlank(*p)) p++;
  int type = -1;
  for (int k = 0; k < TYPE_COUNT && type < 0; k++) {
    if (strlen(TYPES[k]) == static_cast<size_t>(p - word) && memcmp(word, TYPES[k], p - word) == 0) type = k;
  }
  if (type < 0) return false;
  while (p < e && isBlank(*p)) p++;

  int flags = -1;
  int reserved = 0;
  if (p < e) {
    if (p + 8 <= e && (p + 8 == e || isBlank(p[8]))) {
      flags = 0;
      for (int k = 0; k < 8 && flags >= 0; k++) {
        if (p[k] == '*') continue;
        flags = p[k] == "12UAPRSF"[k] ? flags | (0x80 >> k) : -1;
      }
    }
    if (flags >= 0) {
      p += 8;
      while (p < e && isBlank(*p)) p++;
    }
    if (p < e) {
      if (p + 12 > e || memcmp(p, "RESERVEDBITS", 12) != 0) return false;
      reserved = 1;
      p += 12;
      while (p < e && isBlank(*p)) p++;
      if (p < e) return false;
    }
  }
  if (type == 0 ? flags >= 0 : flags < 0) return false;

  int r = b.rows;
  double days = 12418 + DAYS_BEFORE_MONTH[month - 1] + (month > 2 ? 1 : 0) + day - 1;  // 2004, a leap year
  b.ts[r] = (days * 86400 + hour * 3600 + minute * 60 + second) * 1e6;
  if (src != lastSrc || lastSrcId == UINT32_MAX) {
    lastSrcId = interner.idOf(src);
    lastSrc = src;
  }
  b.line[r] = lineNumber;
  b.src[r] = lastSrcId;
  b.dst[r] = interner.idOf(dst);
  b.sport[r] = sport;
  b.dport[r] = dport;
  b.type[r] = static_cast<uint32_t>(type);
  b.flags[r] = static_cast<uint8_t>(flags < 0 ? 0 : flags);
  b.reserved[r] = static_cast<uint8_t>(reserved);
  for (int c = 0; c < COLUMNS; c++) b.valid[c * (BATCH_ROWS / 8) + (r >> 3)] |= static_cast<uint8_t>(1 << (r & 7));
  if (++b.rows == BATCH_ROWS) {
    b.rows = 0;
    std::fill(b.valid.begin(), b.valid.end(), 0);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: scans-lane FILE\n");
    return 2;
  }
  int fd = open(argv[1], O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    fprintf(stderr, "scans-lane: cannot read %s\n", argv[1]);
    return 1;
  }
  std::vector<uint8_t> bytes(static_cast<size_t>(st.st_size));
  size_t got = 0;
  while (got < bytes.size()) {
    ssize_t n = read(fd, bytes.data() + got, bytes.size() - got);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  close(fd);

  Interner interner;
  Batch batch;
  uint32_t lastSrc = 0, lastSrcId = UINT32_MAX;
  long rows = 0, declined = 0;
  uint32_t lineNumber = 0;
  auto started = std::chrono::steady_clock::now();
  const uint8_t* end = bytes.data() + got;
  for (const uint8_t* start = bytes.data(); start < end;) {
    const uint8_t* newline = static_cast<const uint8_t*>(memchr(start, '\n', end - start));
    if (newline == nullptr) newline = end;
    lineNumber++;
    const uint8_t* e = newline;
    while (e > start && (isBlank(e[-1]) || e[-1] == '\r')) e--;
    const uint8_t* p = start;
    while (p < e && isBlank(*p)) p++;
    if (parseLine(p, e, lineNumber, interner, lastSrc, lastSrcId, batch)) rows++;
    else declined++;
    start = newline + 1;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  printf("%ld rows, %ld declined, %u addresses: %.2f s, %.0f MB/s, %.0f ns a line\n", rows, declined, interner.count,
         seconds, got / 1e6 / seconds, seconds * 1e9 / lineNumber);
  return 0;
}
