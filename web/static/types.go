package static

import (
	"path"
	"strings"
)

// fileType is how a file is served, chosen by its name.
type fileType struct {
	contentType  string
	compressible bool // worth compressing on the fly (text, wasm); false for formats that already are compressed
}

// fileTypes maps a lower-case extension to its type; other extensions are served as
// application/octet-stream and not compressed.
var fileTypes = map[string]fileType{
	".js":    {"text/javascript; charset=utf-8", true},
	".mjs":   {"text/javascript; charset=utf-8", true},
	".wasm":  {"application/wasm", true},
	".ts":    {"text/plain; charset=utf-8", true}, // TypeScript declarations, shown as text
	".html":  {"text/html; charset=utf-8", true},
	".css":   {"text/css; charset=utf-8", true},
	".json":  {"application/json", true},
	".map":   {"application/json", true},
	".txt":   {"text/plain; charset=utf-8", true},
	".svg":   {"image/svg+xml", true},
	".ico":   {"image/x-icon", true},
	".png":   {"image/png", false},
	".jpg":   {"image/jpeg", false},
	".jpeg":  {"image/jpeg", false},
	".gif":   {"image/gif", false},
	".webp":  {"image/webp", false},
	".avif":  {"image/avif", false},
	".woff":  {"font/woff", false},
	".woff2": {"font/woff2", false},
}

var octetStream = fileType{contentType: "application/octet-stream"}

// typeOf returns the type of the file called name.
func typeOf(name string) fileType {
	if t, ok := fileTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return octetStream
}
