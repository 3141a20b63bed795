# syntax=docker/dockerfile:1.7
# One image pattern for every Liaison process (the five services, the gateway and the local stack's identity
# server). Build from the repository root:  docker build -f docker/service.Dockerfile --build-arg MODULE=gateway .
# The build stage compiles the whole reactor once (BuildKit reuses that layer for every module), the runtime stage
# holds only the module's Spring Boot layers, so a code change rebuilds just the small application layer.

ARG MODULE=gateway

FROM eclipse-temurin:21.0.9_10-jdk-noble AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -DskipTests package

FROM build AS layers
ARG MODULE
WORKDIR /layers
RUN java -Djarmode=tools -jar /src/${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT-exec.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:21.0.9_10-jre-noble
ARG MODULE
ENV LIAISON_PROCESS=${MODULE} \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 liaison && useradd --system --uid 10001 --gid liaison --no-create-home liaison
WORKDIR /app
COPY --from=layers /layers/dependencies/ ./
COPY --from=layers /layers/spring-boot-loader/ ./
COPY --from=layers /layers/snapshot-dependencies/ ./
COPY --from=layers /layers/application/ ./
USER 10001:10001
# PORT is set per service (compose / Kubernetes); the health check asks the readiness group
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=5 \
  CMD curl -fsS "http://localhost:${PORT:-8080}/actuator/health/readiness" || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
