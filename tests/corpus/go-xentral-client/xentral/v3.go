package xentral

import (
	"fmt"
	"strings"

	"github.com/go-resty/resty/v2"
)

// V3 covers the business documents API (/api/v3) with resty.
type V3 struct {
	r *resty.Client
}

// NewV3 returns a documents client for host.
func NewV3(host, token string) *V3 {
	r := resty.New().
		SetBaseURL(strings.TrimRight(host, "/") + "/api/v3").
		SetAuthToken(token).
		SetHeader("Accept", "application/json").
		SetRetryCount(2)
	return &V3{r: r}
}

type Invoice3 struct {
	ID             string `json:"id"`
	DocumentNumber string `json:"documentNumber"`
	Status         string `json:"status"`
}

func (v *V3) Invoice(id string) (*Invoice3, error) {
	var out struct{ Data Invoice3 }
	_, err := v.r.R().SetResult(&out).Get("/invoices/" + id)
	return &out.Data, err
}

func (v *V3) Invoices() ([]Invoice3, error) {
	var out struct{ Data []Invoice3 }
	_, err := v.r.R().SetResult(&out).Get("/invoices")
	return out.Data, err
}

func (v *V3) ReleaseInvoice(id string) error {
	resp, err := v.r.R().Patch(fmt.Sprintf("/invoices/%s/actions/release", id))
	if err != nil {
		return err
	}
	if resp.IsError() {
		return fmt.Errorf("release invoice %s: %s", id, resp.Status())
	}
	return nil
}

func (v *V3) FromSalesOrder(orderID string) (string, error) {
	var out struct {
		ID string `json:"id"`
	}
	_, err := v.r.R().
		SetBody(map[string]string{"salesOrderId": orderID}).
		SetResult(&out).
		Post("/invoices/actions/createFromSalesOrder")
	return out.ID, err
}

func (v *V3) AddLineItem(invoiceID string, item any) error {
	_, err := v.r.R().SetBody(item).Post("/invoices/" + invoiceID + "/lineItems")
	return err
}

func (v *V3) StockMovements() ([]byte, error) {
	resp, err := v.r.R().Execute("GET", "/stockMovements")
	if err != nil {
		return nil, err
	}
	return resp.Body(), nil
}
