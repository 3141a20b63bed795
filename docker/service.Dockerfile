# syntax=docker/dockerfile:1
#
# One image pattern for every Liaison process (the five services, the gateway, the local-stack authorization
# server). The module is a build argument:
#
#   docker build -f docker/service.Dockerfile --build-arg MODULE=billing-service --build-arg PORT=8083 \
#       -t liaison/billing-service:0.1.0-SNAPSHOT .
#
# docker-compose.yml builds every image this way. The build runs the same Maven reactor CI runs (tests are CI's
# job, not the image build's), splits the executable jar into Spring Boot's layers so a code change rebuilds only
# the thin application layer, and runs as an unprivileged user on a JRE sized by the container's memory limit.
#
# Base images are pinned by exact Temurin release. Pin them by digest as well where your registry policy wants it:
# `docker buildx imagetools inspect eclipse-temurin:21.0.9_10-jre-noble` prints it; pass it with
# --build-arg JRE_IMAGE=eclipse-temurin:21.0.9_10-jre-noble@sha256:... (same for JDK_IMAGE).
ARG JDK_IMAGE=eclipse-temurin:21.0.9_10-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:21.0.9_10-jre-noble

# ---- 1. build: the whole reactor once. Nothing per-module is used before this stage ends, so all seven images
# share it (BuildKit builds identical stages once, and the cache serves later builds).
FROM ${JDK_IMAGE} AS build
WORKDIR /workspace
COPY . .
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    ./mvnw -B -ntp -Dmaven.test.skip=true -pl '!system-tests,!benchmarks,!deploy-checks' package

# ---- 2. layers: this module's executable jar, extracted into Spring Boot's layers with the launcher.
FROM ${JDK_IMAGE} AS layers
ARG MODULE
ARG VERSION=0.1.0-SNAPSHOT
RUN test -n "${MODULE}" || (echo "build with --build-arg MODULE=<maven module>, e.g. MODULE=billing-service" >&2; exit 1)
WORKDIR /layers
COPY --from=build /workspace/${MODULE}/target/${MODULE}-${VERSION}-exec.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

# ---- 3. runtime
FROM ${JRE_IMAGE}
ARG MODULE
ARG PORT=8080
LABEL org.opencontainers.image.title="liaison-${MODULE}"
# A fixed numeric uid/gid so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
RUN groupadd --system --gid 10001 liaison \
 && useradd --system --uid 10001 --gid liaison --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin liaison
WORKDIR /app
# Least-often-changing layer first: dependencies, loader, snapshot dependencies, then our own classes.
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
# the JVM flags every Liaison process runs with (./liaison run and ./liaison bench read the same file)
COPY docker/jvm.options /app/jvm.options
USER 10001:10001
# The heap follows the container's memory limit rather than the host's RAM; the rest is left for metaspace,
# thread stacks, direct buffers (Netty, Kafka) and the code cache. Compose and Kubernetes set their own
# JAVA_TOOL_OPTIONS with the same flags, so this is only the default for a bare `docker run`.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=50 -XX:+ExitOnOutOfMemoryError" \
    PORT=${PORT}
EXPOSE ${PORT}
# Readiness, not liveness: "healthy" in compose means "can take traffic", which is what depends_on waits for.
# curl is part of the Temurin image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=6 \
    CMD curl -fsS "http://127.0.0.1:${PORT}/actuator/health/readiness" > /dev/null || exit 1
# exec form: java is PID 1 and gets SIGTERM directly, so graceful shutdown runs.
ENTRYPOINT ["java", "@/app/jvm.options", "org.springframework.boot.loader.launch.JarLauncher"]
