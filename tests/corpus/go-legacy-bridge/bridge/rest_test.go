package bridge

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestStatistics(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/shopimport/statistics" {
			t.Errorf("path %s", r.URL.Path)
		}
		w.Write([]byte("{}"))
	}))
	defer srv.Close()
	r := &REST{base: srv.URL + "/api", client: srv.Client()}
	if _, err := r.Statistics(); err != nil {
		t.Fatal(err)
	}
	http.Get(srv.URL + "/index.php?module=api&action=ArtikelList&hash=x&api_id=1")
}
