#include "clients/scan/web/assess.h"

#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "clients/scan/web/set_cookie.h"

namespace supplyrisk::scan::web {
namespace {

bool IsRedirect(const Hop& hop) { return !hop.location.empty(); }

// The head whose security headers are judged, and whether it came over HTTPS.
std::pair<const Hop*, bool> FinalResponse(const SiteObservation& site) {
  for (const Chain* chain : {&site.https, &site.http}) {
    if (!chain->hops.empty()) {
      const Hop& last = chain->hops.back();
      return {&last, SplitUrl(last.url).scheme == "https"};
    }
  }
  return {nullptr, false};
}

// Problems of the HTTP chain: no redirect, a first redirect not to HTTPS on the same host, a
// later hop back on HTTP, or a chain that stopped early.
std::vector<std::string> RedirectProblems(const SiteObservation& site) {
  std::vector<std::string> problems;
  const Chain& http = site.http;
  if (http.hops.empty()) {
    // No plain HTTP service at all leaves nothing to redirect.
    if (!http.connect_failed) {
      problems.push_back(absl::StrCat(http.start_url, " gave no response: ", http.error));
    }
  } else if (!IsRedirect(http.hops[0])) {
    problems.push_back(absl::StrCat(http.start_url, " answers ", http.hops[0].head.status,
                                    " without redirecting to HTTPS"));
  } else {
    const UrlParts first = SplitUrl(http.hops[0].location);
    if (first.scheme != "https") {
      problems.push_back(
          absl::StrCat("the first redirect goes to ", http.hops[0].location, ", not to HTTPS"));
    } else if (first.host != absl::AsciiStrToLower(absl::StripSuffix(site.host, "."))) {
      problems.push_back(absl::StrCat("the first redirect goes to another host (",
                                      http.hops[0].location, "), so HSTS for ", site.host,
                                      " is never set"));
    }
    for (size_t i = 1; i < http.hops.size(); ++i) {
      if (SplitUrl(http.hops[i].url).scheme != "https") {
        problems.push_back(absl::StrCat("the redirect chain passes through ", http.hops[i].url));
      }
    }
    if (!http.redirect_error.empty()) problems.push_back(http.redirect_error);
  }
  for (const Hop& hop : site.https.hops) {
    if (IsRedirect(hop) && SplitUrl(hop.location).scheme != "https") {
      problems.push_back(absl::StrCat(hop.url, " redirects to ", hop.location));
    }
  }
  if (!site.https.redirect_error.empty()) problems.push_back(site.https.redirect_error);
  return problems;
}

void AddCookieFindings(const SiteObservation& site, const Chain& chain,
                       std::vector<Finding>* findings) {
  struct Seen {
    std::string name;
    bool insecure = false, script_readable = false, no_same_site = false;
  };
  std::vector<Seen> cookies;  // first appearance order
  for (const Hop& hop : chain.hops) {
    for (const std::string& value : hop.head.All("set-cookie")) {
      absl::StatusOr<SetCookie> cookie = ParseSetCookie(value);
      if (!cookie.ok()) continue;  // Browsers ignore such a cookie, so it costs nothing.
      Seen* seen = nullptr;
      for (Seen& c : cookies) {
        if (c.name == cookie->name) seen = &c;
      }
      if (seen == nullptr) seen = &cookies.emplace_back(Seen{cookie->name});
      seen->insecure |= !cookie->secure;
      seen->script_readable |= !cookie->http_only;
      seen->no_same_site |= cookie->same_site.empty();
    }
  }
  for (const Seen& c : cookies) {
    const std::string asset = absl::StrCat(site.site_url, "#cookie=", c.name);
    if (c.insecure) {
      findings->push_back({"web.cookie_not_secure", asset,
                           absl::StrCat("cookie ", c.name, " is set without Secure")});
    }
    if (c.script_readable) {
      findings->push_back({"web.cookie_not_httponly", asset,
                           absl::StrCat("cookie ", c.name, " is set without HttpOnly")});
    }
    if (c.no_same_site) {
      findings->push_back({"web.cookie_no_samesite", asset,
                           absl::StrCat("cookie ", c.name,
                                        " is set without a valid SameSite (Strict, Lax, None)")});
    }
  }
}

std::optional<std::string> VersionDisclosure(const SiteObservation& site) {
  std::vector<std::string> seen;
  absl::flat_hash_set<std::string> unique;
  for (const Chain* chain : {&site.http, &site.https}) {
    for (const Hop& hop : chain->hops) {
      for (const char* name : {"Server", "X-Powered-By"}) {
        for (const std::string& value : hop.head.All(name)) {
          for (const std::string& token : VersionTokens(value)) {
            std::string entry = absl::StrCat(name, ": ", token);
            if (unique.insert(entry).second) seen.push_back(std::move(entry));
          }
        }
      }
    }
  }
  if (seen.empty()) return std::nullopt;
  return absl::StrJoin(seen, "; ");
}

void AddHeaderFindings(const SiteObservation& site, const Hop& final_hop, bool over_https,
                       std::vector<Finding>* findings) {
  const ResponseHead& head = final_hop.head;
  const std::string& asset = site.site_url;
  std::optional<std::string> sts = head.First("strict-transport-security");
  if (!over_https) {
    findings->push_back({"web.hsts_missing", asset, "no HTTPS response, so no HSTS applies"});
  } else if (!sts.has_value()) {
    findings->push_back({"web.hsts_missing", asset,
                         absl::StrCat(final_hop.url, " sends no Strict-Transport-Security")});
  } else {
    std::string why;
    const long long max_age = HstsMaxAge(*sts, &why);
    if (max_age < 0) {
      findings->push_back({"web.hsts_missing", asset,
                           absl::StrCat("Strict-Transport-Security \"", *sts, "\": ", why)});
    } else if (max_age < kMinHstsMaxAge) {
      findings->push_back({"web.hsts_missing", asset,
                           absl::StrCat("Strict-Transport-Security max-age=", max_age, " is below ",
                                        kMinHstsMaxAge, " (180 days)")});
    }
  }
  bool has_csp = false;
  for (const std::string& policy : head.All("content-security-policy")) {
    has_csp |= !policy.empty();
  }
  if (!has_csp) {
    findings->push_back({"web.csp_missing", asset,
                         absl::StrCat(final_hop.url, " sends no Content-Security-Policy")});
  }
  std::string framing_why;
  if (!FramingProtected(head, &framing_why)) {
    findings->push_back({"web.framing_allowed", asset, framing_why});
  }
  std::optional<std::string> xcto = head.First("x-content-type-options");
  absl::string_view first_xcto =
      xcto.has_value() ? absl::StripAsciiWhitespace(
                             std::vector<absl::string_view>(absl::StrSplit(*xcto, ','))[0])
                       : "";
  if (!absl::EqualsIgnoreCase(first_xcto, "nosniff")) {
    findings->push_back({"web.xcto_missing", asset,
                         xcto.has_value()
                             ? absl::StrCat("X-Content-Type-Options is \"", *xcto, "\"")
                             : absl::StrCat(final_hop.url, " sends no X-Content-Type-Options")});
  }
}

}  // namespace

UrlParts SplitUrl(absl::string_view url) {
  UrlParts parts;
  const size_t sep = url.find("://");
  if (sep == absl::string_view::npos) return parts;
  parts.scheme = absl::AsciiStrToLower(url.substr(0, sep));
  absl::string_view authority = url.substr(sep + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  const size_t at = authority.rfind('@');
  if (at != absl::string_view::npos) authority.remove_prefix(at + 1);
  absl::string_view host;
  if (absl::ConsumePrefix(&authority, "[")) {
    host = authority.substr(0, authority.find(']'));
  } else {
    host = authority.substr(0, authority.find(':'));
  }
  parts.host = absl::AsciiStrToLower(absl::StripSuffix(host, "."));
  return parts;
}

long long HstsMaxAge(absl::string_view value, std::string* why) {
  std::optional<long long> max_age;
  absl::flat_hash_set<std::string> names;
  for (absl::string_view directive : absl::StrSplit(value, ';')) {
    directive = absl::StripAsciiWhitespace(directive);
    if (directive.empty()) continue;
    const size_t eq = directive.find('=');
    std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(directive.substr(0, eq)));
    if (!names.insert(name).second) {
      *why = absl::StrCat("directive ", name, " repeated, so the header is invalid");
      return -1;
    }
    if (name != "max-age") continue;
    absl::string_view number =
        eq == absl::string_view::npos ? "" : absl::StripAsciiWhitespace(directive.substr(eq + 1));
    if (number.size() >= 2 && number.front() == '"' && number.back() == '"') {
      number = number.substr(1, number.size() - 2);
    }
    long long seconds = 0;
    const bool digits = !number.empty() && number.size() <= 18 &&
                        number.find_first_not_of("0123456789") == absl::string_view::npos;
    if (!digits || !absl::SimpleAtoi(number, &seconds)) {
      *why = absl::StrCat("max-age \"", number, "\" is not a number of seconds");
      return -1;
    }
    max_age = seconds;
  }
  if (!max_age.has_value()) {
    *why = "no max-age directive";
    return -1;
  }
  return *max_age;
}

bool FramingProtected(const ResponseHead& head, std::string* why) {
  bool any_frame_ancestors = false;
  for (const std::string& policy : head.All("content-security-policy")) {
    for (absl::string_view directive : absl::StrSplit(policy, ';')) {
      std::vector<absl::string_view> words =
          absl::StrSplit(directive, absl::ByAnyChar(" \t"), absl::SkipEmpty());
      if (words.empty() || !absl::EqualsIgnoreCase(words[0], "frame-ancestors")) continue;
      any_frame_ancestors = true;
      bool open = false;
      for (size_t i = 1; i < words.size(); ++i) {
        open |= words[i] == "*" || absl::EndsWith(words[i], ":");
      }
      if (!open) return true;
      *why = absl::StrCat("CSP frame-ancestors allows any site: \"", directive, "\"");
    }
  }
  // Browsers ignore X-Frame-Options when a policy has frame-ancestors.
  if (any_frame_ancestors) return false;
  std::vector<std::string> values = head.All("x-frame-options");
  if (values.empty()) {
    *why = "neither CSP frame-ancestors nor X-Frame-Options is sent";
    return false;
  }
  for (const std::string& value : values) {
    for (absl::string_view option : absl::StrSplit(value, ',')) {
      option = absl::StripAsciiWhitespace(option);
      if (!absl::EqualsIgnoreCase(option, "deny") &&
          !absl::EqualsIgnoreCase(option, "sameorigin")) {
        *why = absl::StrCat("X-Frame-Options \"", value, "\" is neither DENY nor SAMEORIGIN");
        return false;
      }
    }
  }
  return true;
}

std::vector<std::string> VersionTokens(absl::string_view value) {
  std::vector<std::string> tokens;
  for (absl::string_view token :
       absl::StrSplit(value, absl::ByAnyChar(" \t,"), absl::SkipEmpty())) {
    const size_t slash = token.find('/');
    if (slash == absl::string_view::npos || slash == 0) continue;
    absl::string_view version = token.substr(slash + 1);
    if (version.find_first_of("0123456789") != absl::string_view::npos) {
      tokens.emplace_back(token);
    }
  }
  return tokens;
}

std::vector<Finding> Assess(const SiteObservation& site) {
  std::vector<Finding> findings;
  if (site.https.hops.empty()) {
    findings.push_back(
        {"web.no_https", site.site_url,
         absl::StrCat(site.https.start_url, " gave no response: ", site.https.error)});
  }
  std::vector<std::string> redirect = RedirectProblems(site);
  if (!redirect.empty()) {
    findings.push_back({"web.no_https_redirect", site.site_url, absl::StrJoin(redirect, "; ")});
  }
  auto [final_hop, over_https] = FinalResponse(site);
  if (final_hop != nullptr) {
    AddHeaderFindings(site, *final_hop, over_https, &findings);
    AddCookieFindings(site, site.https.hops.empty() ? site.http : site.https, &findings);
  }
  if (std::optional<std::string> versions = VersionDisclosure(site)) {
    findings.push_back({"web.version_disclosure", site.site_url, *versions});
  }
  return findings;
}

}  // namespace supplyrisk::scan::web
