module example.com/legacy-bridge

go 1.21

require github.com/icholy/digest v0.1.22
