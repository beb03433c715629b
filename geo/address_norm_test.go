package geo

import "testing"

func TestNormalizeSido(t *testing.T) {
	for in, want := range map[string]string{
		"서울": "서울특별시", "서울시": "서울특별시", "서울특별시": "서울특별시", "Seoul": "서울특별시",
		"부산": "부산광역시", "대구": "대구광역시", "인천": "인천광역시", "광주": "광주광역시", "대전": "대전광역시", "울산": "울산광역시",
		"세종": "세종특별자치시", "세종시": "세종특별자치시", "경기": "경기도", "충북": "충청북도", "충남": "충청남도",
		"전남": "전라남도", "경북": "경상북도", "경남": "경상남도", "제주": "제주특별자치도", "제주도": "제주특별자치도",
		// Renamed: 강원도 → 강원특별자치도 (2023-06-11), 전라북도 → 전북특별자치도 (2024-01-18).
		"강원도": "강원특별자치도", "강원": "강원특별자치도", "강원특별자치도": "강원특별자치도", "Gangwon-do": "강원특별자치도",
		"전라북도": "전북특별자치도", "전북": "전북특별자치도", "전북특별자치도": "전북특별자치도",
		" 경기도 ": "경기도", "": "", "Tokyo": "Tokyo",
	} {
		if got := NormalizeSido(in); got != want {
			t.Errorf("NormalizeSido(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeLines(t *testing.T) {
	for _, tc := range []struct{ road, jibun, wantRoad, wantJibun string }{
		{"서울 중구 세종대로 110", "서울 중구 태평로1가 31", "서울특별시 중구 세종대로 110", "서울특별시 중구 태평로1가 31"},
		{"서울특별시 영등포구 시흥대로 657 대림성모병원", "서울특별시 영등포구 대림동 978-13 대림성모병원",
			"서울특별시 영등포구 시흥대로 657", "서울특별시 영등포구 대림동 978-13"},
		{"서울특별시 동작구 대방동길 74 성남고등학교, 성남중학교", "", "서울특별시 동작구 대방동길 74", ""},
		{"서울특별시 중구 세종대로 110 (태평로1가)", "", "서울특별시 중구 세종대로 110", ""},
		{"강원도 춘천시 중앙로 1", "강원도 춘천시 봉의동 15", "강원특별자치도 춘천시 중앙로 1", "강원특별자치도 춘천시 봉의동 15"},
		{"전북 전주시 완산구 효자로 225", "전라북도 전주시 완산구 효자동2가 1", "전북특별자치도 전주시 완산구 효자로 225", "전북특별자치도 전주시 완산구 효자동2가 1"},
		{"서울  관악구   관악로 1", "서울 관악구 신림동 산 56-1", "서울특별시 관악구 관악로 1", "서울특별시 관악구 신림동 산56-1"},
		{"서울특별시 중구 세종대로 지하 2", "", "서울특별시 중구 세종대로 지하2", ""},
		{"경기 안성시 죽산면 죽산초교길 69-4", "경기 안성시 죽산면 죽산리 118", "경기도 안성시 죽산면 죽산초교길 69-4", "경기도 안성시 죽산면 죽산리 118"},
		{"서울특별시 종로구 세종로 1-57", "서울특별시 종로구 세종로 1-57 광화문", "서울특별시 종로구 세종로 1-57", "서울특별시 종로구 세종로 1-57"},
		{"서울 송파구 잠실본동", "", "서울특별시 송파구 잠실본동", ""},
	} {
		a := Address{Road: tc.road, Jibun: tc.jibun}.Normalize()
		if a.Road != tc.wantRoad || a.Jibun != tc.wantJibun {
			t.Errorf("%q / %q → %q / %q, want %q / %q", tc.road, tc.jibun, a.Road, a.Jibun, tc.wantRoad, tc.wantJibun)
		}
	}
}

func TestNormalizeFields(t *testing.T) {
	a := Address{Road: "강원 춘천시 중앙로 1", Sigungu: " 춘천시 ", PostalCode: "4524", LandMain: "산56", LegalCode: "4211010100"}.Normalize()
	// Sido comes from the address when missing; codes stay as given.
	if a.Sido != "강원특별자치도" || a.Sigungu != "춘천시" || a.PostalCode != "04524" || a.LandMain != "56" || !a.Mountain || a.LegalCode != "4211010100" {
		t.Errorf("%+v", a)
	}
	for in, want := range map[string]string{"04524": "04524", " 13529 ": "13529", "135-080": "", "570972": "", "abcde": "", "": ""} {
		if got := NormalizePostalCode(in); got != want {
			t.Errorf("NormalizePostalCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKey(t *testing.T) {
	same := []Address{
		{Road: "서울 중구 세종대로 110", Jibun: "서울 중구 태평로1가 31", LegalCode: "1114010300"},
		{Road: "서울특별시 중구 세종대로 110 서울특별시청", Jibun: "서울특별시 중구 태평로1가 31 서울특별시청"},
		{Road: "서울특별시  중구 세종대로 110", PostalCode: "04524"},
	}
	for _, a := range same {
		if k := a.Key(); k != "R:서울특별시중구세종대로110" {
			t.Errorf("%+v → %q", a, k)
		}
	}
	// Codes are not part of the key: 강원's changed with the rename.
	old := Address{Jibun: "강원도 춘천시 봉의동 15", LegalCode: "4211010100"}
	renamed := Address{Jibun: "강원특별자치도 춘천시 봉의동 15", LegalCode: "5111010100"}
	if old.Key() != renamed.Key() || old.Key() != "J:강원특별자치도춘천시봉의동15" {
		t.Errorf("%q != %q", old.Key(), renamed.Key())
	}
	if (Address{}).Key() != "" || (Address{Road: "서울 중구 세종대로 110"}).Key() == (Address{Road: "서울 중구 세종대로 11"}).Key() {
		t.Error("empty or distinct addresses")
	}
}
