# Build a static binary, then run it from a minimal image as a non-root user.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/newsarchive ./cmd/newsarchive \
	&& mkdir -p /out/data

# distroless/static has CA certificates, time zones and a "nonroot" user
# (uid 65532); the SQLite driver is pure Go, so no libc is needed.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/newsarchive /usr/local/bin/newsarchive
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
WORKDIR /data
VOLUME /data
ENV NEWSARCHIVE_DB=/data/newsarchive.db
ENTRYPOINT ["/usr/local/bin/newsarchive"]
CMD ["help"]
