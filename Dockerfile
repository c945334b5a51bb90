# Builds dist/cook-executor in a container (bin/build-docker.sh):
#   DOCKER_BUILDKIT=1 docker build --target artifact --output type=local,dest=dist .
# The portable file gets its glibc 2.17 floor from Temurin's own binaries, not from this image; the
# `portability-test` target then runs it on CentOS 7 (glibc 2.17) with no Java installed:
#   docker build --target portability-test .
FROM maven:3.9-eclipse-temurin-25 AS build
RUN apt-get update -q && apt-get install -y -q --no-install-recommends binutils gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pom.xml ./
RUN mvn -q -B dependency:go-offline
COPY . .
ARG SOURCE_DATE_EPOCH
RUN JAVA_HOME=/opt/java/openjdk bin/build-dist.sh

FROM scratch AS artifact
COPY --from=build /src/dist/cook-executor /cook-executor

FROM centos:7 AS portability-test
COPY --from=build /src/dist/cook-executor /usr/local/bin/cook-executor
RUN ! command -v java \
    && cook-executor --version \
    && cd /tmp && cook-executor local --executor-uri /usr/local/bin/cook-executor \
       --executor-command 'mkdir .cook-executor && ./cook-executor' -- 'echo hi from glibc $(ldd --version | head -n 1)'
