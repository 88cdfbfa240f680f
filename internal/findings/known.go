package findings

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Known is the list of divergences accepted for one LLVM version (as LLVM
// bugs filed upstream, or intended behaviour), read from
// reports/known/llvm-N.txt. A line is
//
//	<signature> <one-line reason, with a link if one exists>
//
// Blank lines and lines starting with '#' are ignored.
type Known map[string]string

// LoadKnown reads the known list of LLVM version v under reportsDir. A
// missing file is an empty list.
func LoadKnown(reportsDir string, v int) (Known, error) {
	path := filepath.Join(reportsDir, "known", fmt.Sprintf("llvm-%d.txt", v))
	fd, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			return Known{}, nil
		}
		return nil, err
	}
	defer fd.Close()
	return ParseKnown(fd, path)
}

// ParseKnown parses a known list; name is used in errors.
func ParseKnown(r interface{ Read([]byte) (int, error) }, name string) (Known, error) {
	k := Known{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		sig, reason, _ := strings.Cut(line, " ")
		reason = strings.TrimSpace(reason)
		if reason == "" {
			return nil, fmt.Errorf("%s:%d: malformed line %q: a known divergence needs a reason", name, n, line)
		}
		if strings.Count(sig, "-") < 2 {
			return nil, fmt.Errorf("%s:%d: malformed line %q: %q is not a signature", name, n, line, sig)
		}
		k[sig] = reason
	}
	return k, sc.Err()
}
