package dev.deployer.infrastructure.engine;

import com.github.dockerjava.core.dockerfile.Dockerfile;
import com.github.dockerjava.core.util.FilePathUtil;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A build context sent with a Dockerfile that is not one of its files ({@code dockerfile_inline},
 * or a Dockerfile outside the context), as the docker CLI sends {@code docker build -f -}: the
 * context's files (.dockerignore applied) plus the Dockerfile under a random name, which the tar's
 * .dockerignore lists so that the engine keeps it out of COPY and ADD. Nothing is written into the
 * context directory.
 */
final class InlineDockerfiles {

  /** The context's tar, to be closed (which deletes its file), and the Dockerfile's name in it. */
  record Context(InputStream tar, String dockerfile) {}

  private static final String IGNORE = ".dockerignore";
  private static final SecureRandom RANDOM = new SecureRandom();

  private InlineDockerfiles() {}

  static Context context(Path directory, String dockerfileText) {
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    String name = ".dockerfile." + HexFormat.of().formatHex(random);
    Path placeholder = null;
    Path tar = null;
    try {
      // docker-java reads the context's files only with a Dockerfile at hand; this one stays outside the context.
      placeholder = Files.writeString(Files.createTempFile("deployer-inline", ".Dockerfile"), dockerfileText);
      tar = Files.createTempFile("deployer-context", ".tar");
      try (InputStream files = new ContextFiles(placeholder.toFile(), directory.toFile()).parse().buildDockerFolderTar();
          TarArchiveInputStream in = new TarArchiveInputStream(new GZIPInputStream(files));
          TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
        out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        String ignored = IGNORE;
        for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
          if (entry.getName().equals(IGNORE)) {
            ignored = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            continue;
          }
          out.putArchiveEntry(entry);
          in.transferTo(out);
          out.closeArchiveEntry();
        }
        add(out, IGNORE, ignored + "\n" + name + "\n");
        add(out, name, dockerfileText);
      }
      return new Context(deletedOnClose(tar), name);
    } catch (IOException e) {
      deleteQuietly(tar);
      throw new UncheckedIOException("cannot prepare the build context " + directory, e);
    } finally {
      deleteQuietly(placeholder);
    }
  }

  private static void add(TarArchiveOutputStream out, String name, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    entry.setMode(0100644);
    out.putArchiveEntry(entry);
    out.write(bytes);
    out.closeArchiveEntry();
  }

  private static InputStream deletedOnClose(Path file) throws IOException {
    return new FilterInputStream(Files.newInputStream(file)) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          Files.deleteIfExists(file);
        }
      }
    };
  }

  private static void deleteQuietly(Path file) {
    try {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // a temporary file; the JVM's temp directory is cleaned by the system
    }
  }

  /**
   * docker-java's scan of the context: its files with the context's .dockerignore applied, and the
   * Dockerfile outside it exempted from that .dockerignore, which otherwise a pattern like {@code *}
   * matches (docker-java matches the Dockerfile's absolute path then) and docker-java refuses.
   */
  private static final class ContextFiles extends Dockerfile {

    private final String exempt;

    ContextFiles(File dockerfile, File directory) {
      super(dockerfile, directory);
      this.exempt = "!" + FilePathUtil.relativize(directory, dockerfile);
    }

    @Override
    public List<String> getIgnores() throws IOException {
      List<String> ignores = new ArrayList<>(super.getIgnores());
      ignores.add(exempt);
      return ignores;
    }
  }
}
