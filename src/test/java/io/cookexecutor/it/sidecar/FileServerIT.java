package io.cookexecutor.it.sidecar;

import io.cookexecutor.sidecar.files.FileServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/** The file server scenarios against {@link FileServer} started in this JVM. */
class FileServerIT extends FilesScenarios {
  @Override
  Started start(Path workdir, long maxReadLength) throws IOException {
    FileServer server = FileServer.start(workdir, new InetSocketAddress("127.0.0.1", 0), maxReadLength, 2, 2);
    return new Started(server.port(), server);
  }
}
