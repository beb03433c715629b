package geo

import (
	"regexp"
	"strings"
	"unicode"
)

// Korean addresses in one shape, whoever answered.
//
// Providers spell one building differently: Kakao abbreviates the province
// ("서울 중구 세종대로 110"), NAVER writes it in full and appends building
// names ("서울특별시 중구 세종대로 110 서울특별시청"), OSM's display name runs
// backwards and its structured parts use other keys. Normalize brings an
// Address to the shape below, so that a backend switching provider mid-batch
// sees one building once; Key gives the comparison key.
//
// The normalised shape:
//
//	Sido        the full official name: "서울특별시", "경기도", "강원특별자치도"
//	            (강원도 until 2023-06-11), "전북특별자치도" (전라북도 until
//	            2024-01-18); abbreviations ("서울", "강원", "전북"), old names
//	            and romanised names are accepted and rewritten.
//	Road        "{Sido} {Sigungu} [{읍/면}] {RoadName} [지하]{Main}[-{Sub}]":
//	            single spaces, no building name, no parenthesised dong.
//	Jibun       "{Sido} {Sigungu} {동/읍·면} [{리}] [산]{Main}[-{Sub}]", the
//	            same way (산 joined to the number: "산56-1").
//	PostalCode  five digits, leading zero kept; anything else (the 6-digit
//	            codes retired in 2015, stray text) is dropped.
//
// Codes (LegalCode, AdminCode) are kept as the provider gave them: they are
// not rewritten, since the renamed provinces changed them (강원 42→51, 전북
// 45→52) and a provider may answer with either.

// provinces maps every accepted spelling to the official name. Each official
// name maps to itself.
var provinces = func() map[string]string {
	m := map[string]string{}
	for full, aliases := range map[string][]string{
		"서울특별시":   {"서울", "서울시", "Seoul"},
		"부산광역시":   {"부산", "부산시", "Busan"},
		"대구광역시":   {"대구", "대구시", "Daegu"},
		"인천광역시":   {"인천", "인천시", "Incheon"},
		"광주광역시":   {"광주", "광주시", "Gwangju"},
		"대전광역시":   {"대전", "대전시", "Daejeon"},
		"울산광역시":   {"울산", "울산시", "Ulsan"},
		"세종특별자치시": {"세종", "세종시", "Sejong"},
		"경기도":     {"경기", "Gyeonggi-do", "Gyeonggi"},
		"강원특별자치도": {"강원", "강원도", "Gangwon-do", "Gangwon"},
		"충청북도":    {"충북", "Chungcheongbuk-do"},
		"충청남도":    {"충남", "Chungcheongnam-do"},
		"전북특별자치도": {"전북", "전라북도", "Jeollabuk-do", "Jeonbuk"},
		"전라남도":    {"전남", "Jeollanam-do"},
		"경상북도":    {"경북", "Gyeongsangbuk-do"},
		"경상남도":    {"경남", "Gyeongsangnam-do"},
		"제주특별자치도": {"제주", "제주도", "Jeju", "Jeju-do"},
	} {
		m[full] = full
		for _, a := range aliases {
			m[strings.ToLower(a)] = full
		}
	}
	return m
}()

// NormalizeSido returns the full official name of a province or
// metropolitan city written in any accepted form, or s unchanged (trimmed)
// when it is not one.
func NormalizeSido(s string) string {
	s = strings.TrimSpace(s)
	if full, ok := provinces[strings.ToLower(s)]; ok {
		return full
	}
	return s
}

// Normalize returns a in the normalised shape described above. Fields it
// cannot derive stay as given; Sido is taken from the first word of the
// road or jibun address when empty.
func (a Address) Normalize() Address {
	// A building name appended to a line without a number (a landmark on a
	// bare dong, say) cannot be told apart by shape: drop the known one.
	if name := strings.TrimSpace(a.BuildingName); name != "" {
		a.Road = strings.TrimSuffix(strings.TrimSpace(a.Road), " "+name)
		a.Jibun = strings.TrimSuffix(strings.TrimSpace(a.Jibun), " "+name)
	}
	a.Road = normalizeAddressLine(a.Road, roadNumber, roadNameEnd)
	a.Jibun = normalizeAddressLine(a.Jibun, lotNumber, dongEnd)
	a.Sido = NormalizeSido(a.Sido)
	if a.Sido == "" {
		for _, s := range []string{a.Road, a.Jibun} {
			if first, _, _ := strings.Cut(s, " "); provinces[strings.ToLower(first)] != "" {
				a.Sido = NormalizeSido(first)
				break
			}
		}
	}
	a.Sigungu = strings.Join(strings.Fields(a.Sigungu), " ")
	a.PostalCode = NormalizePostalCode(a.PostalCode)
	if lot, ok := strings.CutPrefix(strings.TrimSpace(a.LandMain), "산"); ok {
		a.LandMain, a.Mountain = strings.TrimSpace(lot), true
	}
	return a
}

// NormalizePostalCode returns a five-digit postal code, or "" when s is not
// one. Four digits are taken as a code whose leading zero was lost to a
// number type ("4524" → "04524").
func NormalizePostalCode(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 4 && allDigits(s) {
		s = "0" + s
	}
	if len(s) != 5 || !allDigits(s) {
		return ""
	}
	return s
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Key returns the comparison key of the address: the normalised road
// address, or the jibun address when there is none, without spaces and
// tagged with which it is ("R:" or "J:"); "" when neither is known. Two
// answers for one building compare equal whichever provider gave them and
// whatever spelling it used; codes are not part of the key.
func (a Address) Key() string {
	n := a.Normalize()
	tag, s := "R:", n.Road
	if s == "" {
		tag, s = "J:", n.Jibun
	}
	if s == "" {
		return ""
	}
	return tag + strings.ReplaceAll(s, " ", "")
}

var (
	// roadNumber is a building number: "110", "4-2", "지하12".
	roadNumber = regexp.MustCompile(`^(지하)?\d+(-\d+)?$`)
	// lotNumber is a land-lot number: "31", "978-13", "산56-1".
	lotNumber = regexp.MustCompile(`^산?\d+(-\d+)?$`)
	// parenthesised parts: "(태평로1가)", "(대림동, 대림성모병원)".
	parens = regexp.MustCompile(`\s*\([^)]*\)`)
)

// roadNameEnd and dongEnd say whether a word can stand right before the
// number: a road name (…로, …길, …거리) or a legal unit (…동, …가, …리, …읍,
// …면, or …로 for the few legal dongs named after roads, like 세종로).
func roadNameEnd(w string) bool { return hasSuffixAny(w, "로", "길", "거리") || w == "지하" }
func dongEnd(w string) bool {
	return hasSuffixAny(w, "동", "가", "리", "읍", "면", "로")
}

func hasSuffixAny(w string, suffixes ...string) bool {
	for _, s := range suffixes {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}

// normalizeAddressLine rewrites one address line: the province in full, one
// space between words, "지하 12" and "산 56" joined to their number, and
// everything after the number (building names, a parenthesised dong)
// dropped. A line without a recognisable number is only tidied.
func normalizeAddressLine(s string, number *regexp.Regexp, before func(string) bool) string {
	s = parens.ReplaceAllString(s, "")
	words := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) })
	if len(words) == 0 {
		return ""
	}
	// Join a detached prefix to its number: "지하 12" → "지하12", "산 56-1" → "산56-1".
	for i := 0; i+1 < len(words); i++ {
		if (words[i] == "지하" || words[i] == "산") && number.MatchString(words[i]+words[i+1]) && i > 0 {
			words = append(words[:i], append([]string{words[i] + words[i+1]}, words[i+2:]...)...)
		}
	}
	if full, ok := provinces[strings.ToLower(words[0])]; ok {
		words[0] = full
	}
	for i := 1; i < len(words); i++ {
		if number.MatchString(words[i]) && before(words[i-1]) {
			words = words[:i+1]
			break
		}
	}
	return strings.Join(words, " ")
}
