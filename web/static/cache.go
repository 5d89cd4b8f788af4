package static

import (
	"io"
	"sync"
	"time"
)

// version is one version of one file, known by its size and modification time: its
// content hash, and its compressed forms, each computed once and kept in memory.
type version struct {
	size    int64
	modTime time.Time

	hashOnce sync.Once
	hash     string
	hashErr  error

	compressed [identityEncoding]struct {
		once sync.Once
		data []byte
		err  error
	}
}

// versions holds the current version of every file served so far. Its memory is bounded
// by the directory's content: an entry is replaced when its file changes.
type versions struct {
	mu    sync.Mutex
	files map[string]*version
}

// current returns the version of name with the given size and modification time.
func (vs *versions) current(name string, size int64, modTime time.Time) *version {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	v := vs.files[name]
	if v == nil || v.size != size || !v.modTime.Equal(modTime) {
		v = &version{size: size, modTime: modTime}
		if vs.files == nil {
			vs.files = make(map[string]*version)
		}
		vs.files[name] = v
	}
	return v
}

// forget drops v, so that the next request reads its file again (after a read error).
func (vs *versions) forget(name string, v *version) {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	if vs.files[name] == v {
		delete(vs.files, name)
	}
}

// contentHash returns ContentHash of the version's content, reading it from content the
// first time.
func (v *version) contentHash(content io.ReaderAt) (string, error) {
	v.hashOnce.Do(func() {
		v.hash, v.hashErr = readContentHash(io.NewSectionReader(content, 0, v.size))
	})
	return v.hash, v.hashErr
}

// encoded returns the content encoded with e (brotli or gzip), compressing content the
// first time.
func (v *version) encoded(e encoding, content io.ReaderAt) ([]byte, error) {
	c := &v.compressed[e]
	c.once.Do(func() {
		c.data, c.err = compress(e, io.NewSectionReader(content, 0, v.size))
	})
	return c.data, c.err
}
