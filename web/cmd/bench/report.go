package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
)

// Status of a figure.
const (
	statusPass   = "PASS"
	statusFail   = "FAIL"
	statusMet    = "goal met"    // a goal, not a budget: never fails the run
	statusMissed = "goal missed" // idem
	statusInfo   = "info"
	statusSkip   = "skipped"
)

// figure is one row of the table. A budget compares Value (or Ratio, when the budget
// is a ratio) with Limit.
type figure struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Value   float64  `json:"value"`
	Unit    string   `json:"unit"`
	P90     *float64 `json:"p90,omitempty"`
	RefName string   `json:"reference_name,omitempty"`
	Ref     *float64 `json:"reference,omitempty"`
	Ratio   *float64 `json:"ratio,omitempty"`
	Budget  string   `json:"budget,omitempty"`
	Status  string   `json:"status"`
	Note    string   `json:"note,omitempty"`
}

func ptr(v float64) *float64 { return &v }

// atMost makes f a budget on its value.
func (f figure) atMost(limit float64) figure {
	f.Budget = "≤ " + formatValue(limit, f.Unit)
	f.Status = passIf(f.Value <= limit)
	return f
}

// against sets f's reference, measured in the same run, and the ratio to it.
func (f figure) against(name string, ref float64) figure {
	f.RefName, f.Ref = name, ptr(ref)
	if ref != 0 {
		f.Ratio = ptr(f.Value / ref)
	}
	if f.Status == "" {
		f.Status = statusInfo
	}
	return f
}

// ratioAtMost makes f a budget on its ratio to the reference.
func (f figure) ratioAtMost(limit float64) figure {
	f.Budget = "≤ " + trimFloat(limit) + "×"
	f.Status = passIf(f.Ratio != nil && *f.Ratio <= limit)
	return f
}

// goalRatio makes f a goal on its ratio (reported, never failing).
func (f figure) goalRatio(limit float64) figure {
	f.Budget = "goal ≤ " + trimFloat(limit) + "×"
	f.Status = statusMissed
	if f.Ratio != nil && *f.Ratio <= limit {
		f.Status = statusMet
	}
	return f
}

func (f figure) info() figure {
	f.Status = statusInfo
	return f
}

func passIf(ok bool) string {
	if ok {
		return statusPass
	}
	return statusFail
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// formatValue writes v in its unit.
func formatValue(v float64, unit string) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	switch unit {
	case "µs":
		return strconv.FormatFloat(v, 'f', 2, 64) + " µs"
	case "ms":
		if v >= 100 {
			return strconv.FormatFloat(v, 'f', 0, 64) + " ms"
		}
		return strconv.FormatFloat(v, 'f', 1, 64) + " ms"
	case "B":
		return thousands(int64(math.Round(v))) + " B"
	case "":
		return thousands(int64(math.Round(v)))
	}
	return trimFloat(v) + " " + unit
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// writeTable prints the figures: figure, value (p90), reference and ratio, budget,
// status.
func writeTable(w io.Writer, figs []figure) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tvalue\treference / ratio\tbudget\tstatus")
	for _, f := range figs {
		value := formatValue(f.Value, f.Unit)
		if f.P90 != nil {
			value += " (p90 " + formatValue(*f.P90, f.Unit) + ")"
		}
		ref := ""
		if f.Ref != nil {
			ref = f.RefName + " " + formatValue(*f.Ref, f.Unit)
			if f.Ratio != nil {
				ref += fmt.Sprintf(" → %.2f×", *f.Ratio)
			}
		} else if f.RefName != "" {
			ref = f.RefName
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", f.Name, value, ref, f.Budget, f.Status)
	}
	tw.Flush()
}

// failures counts the figures whose budget failed.
func failures(figs []figure) []figure {
	var out []figure
	for _, f := range figs {
		if f.Status == statusFail {
			out = append(out, f)
		}
	}
	return out
}

// writeJSON writes the report to path.
func writeJSON(path string, rep any) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
