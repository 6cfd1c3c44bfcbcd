// Package bridge moves orders from the marketplace feed into an older Xentral instance.
package bridge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/icholy/digest"
)

// REST is the legacy REST API with the API account (HTTP Digest).
type REST struct {
	base   string
	client *http.Client
}

func NewREST(host, user, password string) *REST {
	return &REST{
		base: strings.TrimRight(host, "/") + "/api",
		client: &http.Client{Transport: &digest.Transport{
			Username: user,
			Password: password,
		}},
	}
}

func (r *REST) Address(id int) (map[string]any, error) {
	req, err := http.NewRequest(http.MethodGet, r.base+"/v1/adressen/"+strconv.Itoa(id), nil)
	if err != nil {
		return nil, err
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out map[string]any
	return out, json.NewDecoder(resp.Body).Decode(&out)
}

func (r *REST) ImportOrder(number string, order any) error {
	body, _ := json.Marshal(order)
	resp, err := r.client.Post(r.base+"/shopimport/ordertoxentral/"+url.PathEscape(number), "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("order %s rejected by /api/shopimport/ordertoxentral: %s", number, b)
	}
	return nil
}

func (r *REST) Statistics() ([]byte, error) {
	resp, err := r.client.Get(r.base + "/shopimport/statistics")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func (r *REST) Refund(payload any) error {
	body, _ := json.Marshal(payload)
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/shopimport/refund", r.base), bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := r.client.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func (r *REST) SetTracking(id int, number string) error {
	body := strings.NewReader(`{"tracking":"` + number + `"}`)
	req, _ := http.NewRequest(http.MethodPut, fmt.Sprintf("%s/v1/trackingnummern/%d", r.base, id), body)
	resp, err := r.client.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
