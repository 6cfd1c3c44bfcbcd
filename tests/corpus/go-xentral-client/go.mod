module github.com/kistenwerk/go-xentral

go 1.22

require github.com/go-resty/resty/v2 v2.13.1

require golang.org/x/net v0.25.0 // indirect
