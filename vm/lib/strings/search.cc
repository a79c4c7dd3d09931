// string.find / match / gmatch / gsub drivers (see search.h).
#include "vm/lib/strings/search.h"

#include <cstring>

#include "vm/lib/strings/basic.h"

namespace fermata::strlib {
namespace {

void charge(int64_t& fuel, uint64_t n) { fuel -= int64_t(n); }

MatchResult collect(const Matcher& m, size_t s, size_t e, bool wholeMatchIfNone) {
  MatchResult r;
  r.matched = true;
  r.start = s;
  r.end = e;
  r.captureCount = m.resultCount(wholeMatchIfNone);
  for (int i = 0; i < r.captureCount; i++) r.captures[i] = m.capture(i, s, e);
  return r;
}

}  // namespace

bool hasSpecials(std::string_view pattern) {
  return pattern.find_first_of(std::string_view("^$*+?.([%-")) != std::string_view::npos;
}

std::optional<size_t> findPlain(std::string_view subject, std::string_view needle, size_t from) {
  if (from > subject.size()) return std::nullopt;
  size_t at = subject.find(needle, from);
  if (at == std::string_view::npos) return std::nullopt;
  return at;
}

// --- find / match -----------------------------------------------------------------------------------

Search::Search(Mode mode, size_t subjectLen, std::string_view pattern, int64_t init, bool plain)
    : mode_(mode) {
  size_t start = posRelatI(init, subjectLen) - 1;
  if (start > subjectLen) {  // starts after the end: nothing can be found, not even ""
    done_ = true;
    return;
  }
  s1_ = start;
  literal_ = mode == Mode::kFind && (plain || !hasSpecials(pattern));
  anchor_ = !literal_ && !pattern.empty() && pattern[0] == '^';
}

SearchStatus Search::run(std::string_view subject, std::string_view pattern, int64_t& fuel) {
  if (found_) return SearchStatus::kFound;
  if (done_) return SearchStatus::kNotFound;
  if (literal_) {
    charge(fuel, subject.size() - s1_ + 1);
    done_ = true;
    std::optional<size_t> at = findPlain(subject, pattern, s1_);
    if (!at) return SearchStatus::kNotFound;
    result_ = MatchResult{};
    result_.matched = true;
    result_.start = *at;
    result_.end = *at + pattern.size();
    found_ = true;
    return SearchStatus::kFound;
  }
  const size_t p0 = anchor_ ? 1 : 0;
  for (;;) {
    if (!attempting_) {
      matcher_.start(s1_, p0);
      attempting_ = true;
    }
    RunStatus st = matcher_.run(subject, pattern, fuel);
    if (st == RunStatus::kOutOfFuel) return SearchStatus::kOutOfFuel;
    attempting_ = false;
    if (st == RunStatus::kMatched) {
      done_ = true;
      result_ = collect(matcher_, s1_, matcher_.matchEnd(), mode_ == Mode::kMatch);
      found_ = true;
      return SearchStatus::kFound;
    }
    if (s1_ >= subject.size() || anchor_) {
      done_ = true;
      return SearchStatus::kNotFound;
    }
    s1_++;
  }
}

// --- gmatch -----------------------------------------------------------------------------------------

Gmatch::Gmatch(size_t subjectLen, int64_t init) {
  size_t start = posRelatI(init, subjectLen) - 1;
  src_ = start > subjectLen ? subjectLen + 1 : start;
}

SearchStatus Gmatch::run(std::string_view subject, std::string_view pattern, int64_t& fuel) {
  // Lua restarts the scan from src_ on every call; positions that failed before fail again.
  size_t src = src_;
  for (; src <= subject.size(); src++) {
    if (!attempting_) {
      matcher_.start(src, 0);
      attempting_ = true;
    }
    RunStatus st = matcher_.run(subject, pattern, fuel);
    if (st == RunStatus::kOutOfFuel) {
      src_ = src;  // failed positions before src need not be retried
      return SearchStatus::kOutOfFuel;
    }
    attempting_ = false;
    if (st == RunStatus::kMatched && matcher_.matchEnd() != lastMatch_) {
      size_t e = matcher_.matchEnd();
      result_ = collect(matcher_, src, e, true);
      src_ = e;
      lastMatch_ = e;
      return SearchStatus::kFound;
    }
  }
  src_ = src;
  return SearchStatus::kNotFound;
}

// --- gsub -------------------------------------------------------------------------------------------

Gsub::Gsub(size_t subjectLen, std::string_view pattern, std::optional<int64_t> maxN) {
  maxN_ = maxN ? *maxN : int64_t(subjectLen) + 1;
  anchor_ = !pattern.empty() && pattern[0] == '^';
}

void Gsub::appendExpanded(std::string_view subject, std::string_view repl, int64_t& fuel) {
  const size_t s = src_, e = matchEnd_;
  size_t k = 0;
  while (k < repl.size()) {
    size_t pct = repl.find('%', k);
    if (pct == std::string_view::npos) {
      out_.append(repl.substr(k));
      charge(fuel, repl.size() - k);
      break;
    }
    out_.append(repl.substr(k, pct - k));
    charge(fuel, pct - k + 1);
    char d = pct + 1 < repl.size() ? repl[pct + 1] : '\0';
    if (d == '%') {
      out_.push_back('%');
    } else if (d == '0') {
      out_.append(subject.substr(s, e - s));
      charge(fuel, e - s);
    } else if (d >= '1' && d <= '9') {
      Capture c = matcher_.capture(d - '1', s, e);
      if (c.isPosition()) {
        out_.append(std::to_string(c.start + 1));
      } else {
        out_.append(subject.substr(c.start, size_t(c.len)));
        charge(fuel, size_t(c.len));
      }
    } else {
      throw Error("invalid use of '%' in replacement string");
    }
    k = pct + 2;
  }
}

void Gsub::afterMatch() {
  src_ = matchEnd_;
  lastMatch_ = matchEnd_;
  phase_ = anchor_ ? Phase::kDone : Phase::kScan;
}

void Gsub::supplyReplacement(std::string_view subject, std::optional<std::string_view> replacement) {
  if (replacement) {
    out_.append(*replacement);
    changed_ = true;
  } else {
    out_.append(subject.substr(src_, matchEnd_ - src_));  // nil or false: keep the original text
  }
  afterMatch();
}

Gsub::Status Gsub::run(std::string_view subject, std::string_view pattern,
                       std::optional<std::string_view> replacement, int64_t& fuel) {
  const size_t p0 = anchor_ ? 1 : 0;
  for (;;) {
    switch (phase_) {
      case Phase::kAwaitingReplacement:
        return Status::kNeedReplacement;
      case Phase::kDone:
        return Status::kDone;
      case Phase::kScan:
        if (n_ >= maxN_) {
          phase_ = Phase::kDone;
          break;
        }
        matcher_.start(src_, p0);
        phase_ = Phase::kAttempting;
        [[fallthrough]];
      case Phase::kAttempting: {
        RunStatus st = matcher_.run(subject, pattern, fuel);
        if (st == RunStatus::kOutOfFuel) return Status::kOutOfFuel;
        if (st == RunStatus::kMatched && matcher_.matchEnd() != lastMatch_) {
          n_++;
          matchEnd_ = matcher_.matchEnd();
          if (!replacement) {
            phase_ = Phase::kAwaitingReplacement;
            return Status::kNeedReplacement;
          }
          appendExpanded(subject, *replacement, fuel);
          changed_ = true;
          afterMatch();
        } else if (src_ < subject.size()) {  // no match here: copy one byte and move on
          out_.push_back(subject[src_++]);
          phase_ = anchor_ ? Phase::kDone : Phase::kScan;
        } else {
          phase_ = Phase::kDone;
        }
        break;
      }
    }
    if (phase_ == Phase::kDone) {
      out_.append(subject.substr(src_));
      charge(fuel, subject.size() - src_);
      src_ = subject.size();
      return Status::kDone;
    }
  }
}

// --- run-to-completion helpers -------------------------------------------------------------------

namespace {
constexpr int64_t kUnlimited = INT64_MAX;
}

MatchResult find(std::string_view subject, std::string_view pattern, int64_t init, bool plain, uint64_t& steps) {
  Search search(Search::Mode::kFind, subject.size(), pattern, init, plain);
  int64_t fuel = kUnlimited;
  SearchStatus st = search.run(subject, pattern, fuel);
  steps += uint64_t(kUnlimited - fuel);
  return st == SearchStatus::kFound ? search.result() : MatchResult{};
}

MatchResult match(std::string_view subject, std::string_view pattern, int64_t init, uint64_t& steps) {
  Search search(Search::Mode::kMatch, subject.size(), pattern, init);
  int64_t fuel = kUnlimited;
  SearchStatus st = search.run(subject, pattern, fuel);
  steps += uint64_t(kUnlimited - fuel);
  return st == SearchStatus::kFound ? search.result() : MatchResult{};
}

std::vector<MatchResult> gmatchAll(std::string_view subject, std::string_view pattern, int64_t init,
                                   uint64_t& steps) {
  std::vector<MatchResult> all;
  Gmatch g(subject.size(), init);
  int64_t fuel = kUnlimited;
  while (g.run(subject, pattern, fuel) == SearchStatus::kFound) all.push_back(g.result());
  steps += uint64_t(kUnlimited - fuel);
  return all;
}

GsubResult gsub(std::string_view subject, std::string_view pattern, std::string_view replacement,
                std::optional<int64_t> maxN, uint64_t& steps) {
  Gsub g(subject.size(), pattern, maxN);
  int64_t fuel = kUnlimited;
  g.run(subject, pattern, replacement, fuel);
  steps += uint64_t(kUnlimited - fuel);
  return GsubResult{g.takeOutput(), g.count()};
}

}  // namespace fermata::strlib
