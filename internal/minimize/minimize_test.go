package minimize

import (
	"errors"
	"strings"
	"testing"
)

func TestSlice(t *testing.T) {
	tests := []struct {
		name  string
		in    []int
		pred  func([]int) bool
		want  []int
		bound int // max predicate calls allowed
	}{
		{"one needed", []int{1, 2, 3, 4, 5, 6, 7, 8}, func(s []int) bool { return has(s, 5) }, []int{5}, 40},
		{"two needed", []int{1, 2, 3, 4, 5, 6, 7, 8}, func(s []int) bool { return has(s, 2) && has(s, 7) }, []int{2, 7}, 60},
		{"all needed", []int{1, 2, 3}, func(s []int) bool { return len(s) == 3 }, []int{1, 2, 3}, 20},
		{"nothing needed", []int{1, 2, 3}, func(s []int) bool { return true }, []int{}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			got, err := Slice(Config[int]{Pred: func(s []int) (bool, error) { calls++; return tt.pred(s), nil }}, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if calls > tt.bound {
				t.Errorf("%d predicate calls, want at most %d", calls, tt.bound)
			}
		})
	}
}

func TestSliceBudget(t *testing.T) {
	in := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	calls := 0
	got, err := Slice(Config[int]{MaxSteps: 3, Pred: func(s []int) (bool, error) { calls++; return has(s, 12), nil }}, in)
	if !errors.Is(err, ErrBudget) || calls != 3 || !has(got, 12) {
		t.Errorf("budget: got %v, %v after %d calls", got, err, calls)
	}
}

func TestSliceDeterministic(t *testing.T) {
	pred := func(s []int) (bool, error) { return has(s, 3) && len(s) >= 2, nil }
	a, _ := Slice(Config[int]{Pred: pred}, []int{9, 8, 7, 3, 1})
	b, _ := Slice(Config[int]{Pred: pred}, []int{9, 8, 7, 3, 1})
	if !equal(a, b) {
		t.Errorf("not deterministic: %v vs %v", a, b)
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		name, in string
		pred     func(string) bool
		want     string
	}{
		{"nul", "__DATA,__some\x00thing", func(s string) bool { return strings.Contains(s, "\x00") }, "\x00"},
		{"comma and long", ",0123456789abcdefghij", func(s string) bool {
			i := strings.IndexByte(s, ',')
			return i >= 0 && len(s)-i-1 > 16
		}, ",03456789abcdefghi"}, // 1-minimal: a comma and 17 bytes
		{"unprintable replaced", "x\x01\x02", func(s string) bool { return len(s) == 3 }, "xaa"},
		{"prefix", ".bss.something.long", func(s string) bool { return strings.HasPrefix(s, ".bss") }, ".bss"},
		{"empty", "whatever", func(s string) bool { return true }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := String(tt.in, func(s string) (bool, error) { return tt.pred(s), nil }, 500)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func has(s []int, x int) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
