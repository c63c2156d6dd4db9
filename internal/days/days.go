// Package days counts whole calendar days between instants, by the civil
// date each instant has in its own location, so that times of day and
// daylight-saving changes never shift a count.
package days

import "time"

// Number returns the day number of t's civil date (days since 1970-01-01).
// UTC times, the common case, take a fast path: their civil date is the
// Unix time floored to whole days.
func Number(t time.Time) int64 {
	if t.Location() == time.UTC {
		u := t.Unix()
		q := u / 86400
		if u%86400 < 0 {
			q--
		}
		return q
	}
	return civilNumber(t)
}

// civilNumber computes the day number from t's calendar date.
func civilNumber(t time.Time) int64 {
	y, m, d := t.Date()
	return civil(int64(y), int64(m), int64(d))
}

// Between returns the whole days from a's date to b's date (negative when b
// is earlier).
func Between(a, b time.Time) int64 { return Number(b) - Number(a) }

// civil converts a proleptic Gregorian date to days since 1970-01-01
// (Howard Hinnant's days_from_civil algorithm).
func civil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	var era int64
	if y >= 0 {
		era = y / 400
	} else {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// Date returns midnight UTC of day number n.
func Date(n int64) time.Time { return time.Unix(n*86400, 0).UTC() }
