package emulator

import (
	"strconv"

	"github.com/kshare/kshare/share/jsvalue"
)

// parseJSON parses a JSON text (of a request, or of the emulator's own files) as
// JSON.parse does, with its numbers read by strconv.ParseFloat: jsvalue.Parse, made for
// the wasm, which carries no float parser, decides a number of many digits or a far
// power of ten digit by digit (up to 0.3 ms each), and a page could post thousands.
func parseJSON(text string) (jsvalue.Value, error) {
	return jsvalue.ParseWith(text, parseFloat)
}

// parseFloat reads a number in JSON's syntax (checked by the parser): past the float64
// range strconv gives ±Infinity, below it 0, as JSON.parse does.
func parseFloat(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64) // the only error left is the range's
	return f
}
