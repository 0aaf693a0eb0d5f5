# gardefou in a container: `docker build -t gardefou .`, then
#   docker run --rm -v "$PWD:/work" gardefou lint apis/
# The image runs as an unprivileged user; /work (its working directory) is where the APIs go.

# Build stage: the release profile (LTO, one codegen unit, stripped; docs/decisions.md).
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin gardefou

# Run stage: a slim Debian with a shell (GitLab CI runs its scripts in the job's image) and
# nothing else of note.
FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --create-home --home-dir /home/gardefou gardefou \
    && mkdir /work && chown gardefou:gardefou /work
COPY --from=build /src/target/release/gardefou /usr/local/bin/gardefou
COPY LICENSE /usr/share/doc/gardefou/LICENSE
USER gardefou
WORKDIR /work
ENTRYPOINT ["gardefou"]
CMD ["--help"]
