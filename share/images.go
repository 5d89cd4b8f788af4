package share

import (
	"strconv"
	"strings"

	"github.com/kshare/kshare/share/jsvalue"
)

// MaxImageBytes is the largest image Kakao accepts: 5 MB (5 × 1024 × 1024 bytes).
const MaxImageBytes = 5 << 20

// Upload is one file of an uploadImage call, in the order it is sent.
type Upload struct {
	// Field is the path of the file in the settings ("file", "file[2]").
	Field string
	// File is the File or Blob (its Ref finds it again in the page).
	File jsvalue.Value
}

// ParseUpload validates the settings of uploadImage({file}) as the official SDK does
// (required key file, object-like; no other key) and then, before any byte is sent,
// every file (difference 10): file is a FileList or an array of Files and Blobs, or a
// single File; each must have an image/* type and be at most [MaxImageBytes]. It returns
// the files in order (an empty list uploads nothing but still asks, as the official SDK).
func ParseUpload(settings jsvalue.Value) ([]Upload, error) {
	if err := checkWellFormed(UploadImage, settings); err != nil {
		return nil, err
	}
	if err := validateSettings(settings, uploadRule, UploadImage); err != nil {
		return nil, err
	}
	file, _ := settings.Get("file")
	var uploads []Upload
	switch file.Kind {
	case jsvalue.File:
		uploads = []Upload{{Field: "file", File: file}}
	case jsvalue.Array:
		for i, e := range file.Elems {
			uploads = append(uploads, Upload{Field: indexPath("file", i), File: e})
		}
	default:
		return nil, &Error{Code: CodeNotAFile, Field: "file", Message: `Illegal argument for "file" in Share.uploadImage`,
			Reason: "must be a FileList, an array of Files or a File, got " + file.Describe()}
	}
	for _, u := range uploads {
		if err := checkImage(u); err != nil {
			return nil, err
		}
	}
	return uploads, nil
}

func checkImage(u Upload) error {
	msg := `Illegal argument for "file" in Share.uploadImage`
	if u.File.Kind != jsvalue.File || u.File.File == nil {
		return &Error{Code: CodeNotAFile, Field: u.Field, Message: msg, Reason: "must be a File or Blob, got " + u.File.Describe()}
	}
	f := u.File.File
	name := jsvalue.Quote(f.Name)
	if !strings.HasPrefix(f.Type, "image/") {
		t := f.Type
		if t == "" {
			t = "of unknown type"
		}
		return &Error{Code: CodeNotAnImage, Field: u.Field, Message: msg, Reason: name + " is " + t + ", not an image"}
	}
	if f.Size > MaxImageBytes {
		return &Error{Code: CodeFileTooLarge, Field: u.Field, Message: msg,
			Reason: name + " is " + strconv.FormatInt(f.Size, 10) + " bytes, over the 5 MB limit (" + strconv.Itoa(MaxImageBytes) + " bytes)"}
	}
	return nil
}

// ParseImageURL validates the settings of scrapImage({imageUrl}) and
// deleteImage({imageUrl}) (required key imageUrl, a string; no other key) and returns
// the URL.
func ParseImageURL(call Call, settings jsvalue.Value) (string, error) {
	if err := checkWellFormed(call, settings); err != nil {
		return "", err
	}
	if err := validateSettings(settings, imageRule, call); err != nil {
		return "", err
	}
	url, _ := settings.Get("imageUrl")
	return url.Str, nil
}
