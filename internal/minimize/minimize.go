// Package minimize shrinks inputs while they stay interesting: a generic
// delta-debugging (ddmin) over slices, and passes over strings and
// oracle cases built on it. The caller decides what "interesting" means
// (for sectfuzz: the same divergence signature); this package only
// searches, deterministically and within a budget of predicate calls.
package minimize

import (
	"errors"
	"fmt"
)

// Config drives a minimization.
type Config[T any] struct {
	// Pred reports whether a candidate is still interesting. Its error
	// aborts the search (sectfuzz's own failure, not the candidate's).
	Pred func([]T) (bool, error)
	// MaxSteps bounds the number of Pred calls; 0 means no bound.
	MaxSteps int
	// Logf, when set, receives progress lines.
	Logf func(format string, args ...any)
}

// ErrBudget is returned, with the smallest interesting slice found so
// far, when MaxSteps predicate calls are used up.
var ErrBudget = errors.New("minimize: step budget exhausted")

// budget counts predicate calls.
type budget struct {
	used, max int
}

func (b *budget) spend() error {
	if b.max > 0 && b.used >= b.max {
		return ErrBudget
	}
	b.used++
	return nil
}

// Slice is ddmin (Zeller): it removes chunks of the slice, halving the
// chunk size down to single elements, keeping every removal after which
// Pred still holds. The input must be interesting; the result is
// 1-minimal when the budget allows. It never calls Pred on an empty
// slice unless the input is empty.
func Slice[T any](cfg Config[T], s []T) ([]T, error) {
	b := &budget{max: cfg.MaxSteps}
	return sliceWith(cfg, s, b)
}

func sliceWith[T any](cfg Config[T], s []T, b *budget) ([]T, error) {
	cur := append([]T(nil), s...)
	chunk := max(len(cur)/2, 1)
	for {
		removed := false
		for start := 0; start < len(cur); {
			end := min(start+chunk, len(cur))
			cand := append(append([]T(nil), cur[:start]...), cur[end:]...)
			if err := b.spend(); err != nil {
				return cur, err
			}
			ok, err := cfg.Pred(cand)
			if err != nil {
				return cur, err
			}
			if !ok {
				start = end
				continue
			}
			if cfg.Logf != nil {
				cfg.Logf("minimize: %d -> %d elements", len(cur), len(cand))
			}
			cur = cand // the next chunk moved to start
			removed = true
		}
		switch {
		case chunk == 1 && !removed:
			return cur, nil // 1-minimal
		case chunk == 1:
			// A removal can make another single element removable.
		case removed:
			chunk = min(chunk, max(len(cur)/2, 1))
		default:
			chunk /= 2
		}
	}
}

// String shrinks s: try short prefixes, ddmin over bytes, then replace
// each remaining unprintable byte with a printable one ('a', '_', '.')
// where that keeps it interesting, so reports show readable strings.
// Shortest candidates are tried first.
func String(s string, pred func(string) (bool, error), maxSteps int) (string, error) {
	return stringWith(s, pred, &budget{max: maxSteps})
}

func stringWith(s string, pred func(string) (bool, error), b *budget) (string, error) {
	cur := []byte(s)
	try := func(c []byte) (bool, error) {
		if err := b.spend(); err != nil {
			return false, err
		}
		return pred(string(c))
	}
	// Cheapest first: the empty string and short prefixes.
	for n := 0; n < len(cur); n = max(2*n, 1) {
		ok, err := try(cur[:n])
		if err != nil {
			return string(cur), budgetOK(err)
		}
		if ok {
			cur = cur[:n]
			break
		}
	}
	cfg := Config[byte]{Pred: func(c []byte) (bool, error) { return pred(string(c)) }}
	out, err := sliceWith(cfg, cur, b)
	cur = out
	if err != nil {
		return string(cur), budgetOK(err)
	}
	for i := range cur {
		if cur[i] >= 0x20 && cur[i] < 0x7f {
			continue // printable already: keep the original text
		}
		for _, simpler := range []byte("a_.") {
			cand := append([]byte(nil), cur...)
			cand[i] = simpler
			ok, err := try(cand)
			if err != nil {
				return string(cur), budgetOK(err)
			}
			if ok {
				cur = cand
				break
			}
		}
	}
	return string(cur), nil
}

// budgetOK turns an exhausted budget into success: the result so far is
// valid, only not minimal.
func budgetOK(err error) error {
	if errors.Is(err, ErrBudget) {
		return nil
	}
	return fmt.Errorf("minimize: %w", err)
}
