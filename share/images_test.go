package share

import (
	"testing"

	"github.com/kshare/kshare/share/jsvalue"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func file(name, typ string, size int64) jsvalue.Value {
	return jsvalue.Value{Kind: jsvalue.File, File: &jsvalue.FileInfo{Name: name, Type: typ, Size: size}, Ref: 3}
}

func TestParseUpload(t *testing.T) {
	png := file("pixel.png", "image/png", 68)
	tests := []struct {
		name       string
		settings   jsvalue.Value
		wantFields []string
		wantErr    wantErr
	}{
		{"a FileList", jsvalue.Obj(jsvalue.M("file", jsvalue.Arr(png, png))), []string{"file[0]", "file[1]"}, wantErr{}},
		{"a single File is one part (difference 10)", jsvalue.Obj(jsvalue.M("file", png)), []string{"file"}, wantErr{}},
		{"a Blob in an array", jsvalue.Obj(jsvalue.M("file", jsvalue.Arr(jsvalue.Value{Kind: jsvalue.File, File: &jsvalue.FileInfo{Name: "blob", Type: "image/png", Size: 7, Blob: true}}))), []string{"file[0]"}, wantErr{}},
		{"an empty list is sent as is", jsvalue.Obj(jsvalue.M("file", jsvalue.Arr())), nil, wantErr{}},
		{"exactly 5 MB", jsvalue.Obj(jsvalue.M("file", file("big.jpg", "image/jpeg", MaxImageBytes))), []string{"file"}, wantErr{}},
		{"no settings", jsvalue.Value{}, nil, wantErr{CodeMissingKeys, "file", "Missing required keys: file at Share.uploadImage", false}},
		{"null settings", jsvalue.NullValue(), nil, wantErr{CodeParamsNotObject, "settings", "params should be an Object", true}},
		{"extra key", jsvalue.Obj(jsvalue.M("file", png), jsvalue.M("secureResource", jsvalue.Bool(true))), nil,
			wantErr{CodeInvalidKeys, "secureResource", "Invalid parameter keys: secureResource at Share.uploadImage", false}},
		{"file a string", jsvalue.Obj(jsvalue.M("file", jsvalue.Str("x"))), nil,
			wantErr{CodeIllegalArgument, "file", `Illegal argument for "file" in Share.uploadImage`, false}},
		{"file a plain object", jsvalue.Obj(jsvalue.M("file", jsvalue.Obj())), nil,
			wantErr{CodeNotAFile, "file", `Illegal argument for "file" in Share.uploadImage`, false}},
		{"an array with a string", jsvalue.Obj(jsvalue.M("file", jsvalue.Arr(png, jsvalue.Str("x")))), nil,
			wantErr{CodeNotAFile, "file[1]", `Illegal argument for "file" in Share.uploadImage`, false}},
		{"a text file (difference 10)", jsvalue.Obj(jsvalue.M("file", jsvalue.Arr(file("notes.txt", "text/plain", 5)))), nil,
			wantErr{CodeNotAnImage, "file[0]", `Illegal argument for "file" in Share.uploadImage`, false}},
		{"a file of unknown type", jsvalue.Obj(jsvalue.M("file", file("x", "", 5))), nil,
			wantErr{CodeNotAnImage, "file", `Illegal argument for "file" in Share.uploadImage`, false}},
		{"6 MB (difference 10)", jsvalue.Obj(jsvalue.M("file", jsvalue.Arr(png, file("big.png", "image/png", 6<<20)))), nil,
			wantErr{CodeFileTooLarge, "file[1]", `Illegal argument for "file" in Share.uploadImage`, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseUpload(tt.settings)
			if tt.wantErr.Code != "" {
				assert.Equal(t, tt.wantErr, errParts(t, err))
				return
			}
			require.NoError(t, err)
			var fields []string
			for _, u := range got {
				fields = append(fields, u.Field)
				assert.Equal(t, jsvalue.File, u.File.Kind)
			}
			assert.Equal(t, tt.wantFields, fields)
		})
	}
}

func TestParseImageURL(t *testing.T) {
	tests := []struct {
		name     string
		call     Call
		settings string
		want     string
		wantErr  wantErr
	}{
		{"scrap", ScrapImage, `{"imageUrl": "https://example.com/a.png"}`, "https://example.com/a.png", wantErr{}},
		{"delete String object", DeleteImage, `{"imageUrl": "@String:u"}`, "u", wantErr{}},
		{"missing", ScrapImage, `{}`, "", wantErr{CodeMissingKeys, "imageUrl", "Missing required keys: imageUrl at Share.scrapImage", false}},
		{"number", ScrapImage, `{"imageUrl": 1}`, "", wantErr{CodeIllegalArgument, "imageUrl", `Illegal argument for "imageUrl" in Share.scrapImage`, false}},
		{"extra key", ScrapImage, `{"imageUrl": "u", "file": "x"}`, "", wantErr{CodeInvalidKeys, "file", "Invalid parameter keys: file at Share.scrapImage", false}},
		{"null", DeleteImage, `null`, "", wantErr{CodeParamsNotObject, "settings", "params should be an Object", true}},
		{"lone surrogate (difference 13)", DeleteImage, `{"imageUrl": "@lone:u"}`, "", wantErr{CodeMalformedString, "imageUrl", `Illegal argument for "imageUrl" in Share.deleteImage`, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseImageURL(tt.call, js(t, tt.settings))
			if tt.wantErr.Code != "" {
				assert.Equal(t, tt.wantErr, errParts(t, err))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
