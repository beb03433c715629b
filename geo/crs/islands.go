package crs

// inset is one rectangle of the legacy Daum CONGNAMUL island insets, in
// Bessel TM metres, and the offset added to points inside it.
type inset struct{ x0, x1, y0, y1, dx, dy float64 }

// insets, from the legacy Daum converter's shiftIsland: Jeju (four rectangles), Chujado, Ulleungdo,
// Dokdo and Baengnyeongdo.
var insets = [...]inset{
	{112500, 146000, -50000, 3000, 0, 50000},
	{146000, 191600, -50000, 8600, 0, 50000},
	{191600, 194200, -50000, 2700, 0, 50000},
	{194200, 200000, -50000, 8600, 0, 50000},
	{130000, 145000, 44000, 58000, 0, 10000},
	{532500, 557500, 437500, 462500, -70378, -136},
	{625000, 650000, 412500, 437500, -144738, -2161},
	{-12500, 5000, 462500, 512500, 23510, -111},
}

func addInset(x, y float64) (float64, float64) {
	for _, r := range insets {
		if x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1 {
			return x + r.dx, y + r.dy
		}
	}
	return x, y
}

// removeInset undoes addInset: a point is inside a moved rectangle if
// subtracting that rectangle's offset lands inside it.
func removeInset(x, y float64) (float64, float64) {
	for _, r := range insets {
		ox, oy := x-r.dx, y-r.dy
		if (r.dx != 0 || r.dy != 0) && ox >= r.x0 && ox < r.x1 && oy >= r.y0 && oy < r.y1 {
			return ox, oy
		}
	}
	return x, y
}
