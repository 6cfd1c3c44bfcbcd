package xentral

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestProductUsesToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/products/7" || r.Header.Get("Authorization") != "Bearer t" {
			t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
		}
		w.Write([]byte(`{"data":{"id":"7"}}`))
	}))
	defer srv.Close()

	p, err := New(srv.URL, "t").Product(context.Background(), "7")
	if err != nil || p.ID != "7" {
		t.Fatalf("got %v, %v", p, err)
	}
	resp, err := http.Get(srv.URL + "/api/v1/salesOrders")
	if err == nil {
		resp.Body.Close()
	}
}
