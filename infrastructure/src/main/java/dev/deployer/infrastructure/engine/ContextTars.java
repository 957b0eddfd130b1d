package dev.deployer.infrastructure.engine;

import com.github.dockerjava.core.dockerfile.Dockerfile;
import com.github.dockerjava.core.util.FilePathUtil;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * What a build sends the engine, as the docker CLI sends it: the context's files that its
 * .dockerignore lets through (docker-java's scan), never a {@linkplain ImageBuild#withheld()
 * withheld} directory, and the Dockerfile. A Dockerfile that is not one of the context's files
 * ({@code dockerfile_inline}, or a file outside the context) goes in as {@code docker build -f -}
 * sends it: under a random name, which the tar's .dockerignore lists so that the engine keeps it
 * out of COPY and ADD. Nothing is written into the context directory.
 */
final class ContextTars {

  private static final String IGNORE = ".dockerignore";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ContextTars() {}

  /**
   * A scanned context: the files the tar will hold, described for the fingerprint (path and size,
   * modification time and executable bit, or link target; sorted), the withheld directories that
   * lay inside it (relative to it), and the Dockerfile's path in the tar. Its tar is made when the
   * build is sent, from this very scan.
   */
  static final class Scan {

    private final Dockerfile.ScannedResult scanned;
    private final String dockerfileText;
    private final String dockerfile;
    private final List<String> files;
    private final List<String> withheld;

    private Scan(Dockerfile.ScannedResult scanned, String dockerfileText, String dockerfile, List<String> files,
        List<String> withheld) {
      this.scanned = scanned;
      this.dockerfileText = dockerfileText;
      this.dockerfile = dockerfile;
      this.files = files;
      this.withheld = withheld;
    }

    List<String> files() {
      return files;
    }

    List<String> withheld() {
      return withheld;
    }

    String dockerfile() {
      return dockerfile;
    }

    /** The tar, from a temporary file that closing the stream deletes. */
    InputStream tar() {
      Path tar = null;
      try {
        tar = Files.createTempFile("deployer-context", ".tar");
        try (InputStream packed = scanned.buildDockerFolderTar();
            TarArchiveInputStream in = new TarArchiveInputStream(new GZIPInputStream(packed));
            TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
          out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
          out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
          String ignored = IGNORE;
          for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
            if (within(entry.getName(), withheld)) {
              continue; // an empty directory: docker-java's scan adds those whatever the ignore patterns
            }
            if (dockerfileText != null && entry.getName().equals(IGNORE)) {
              ignored = new String(in.readAllBytes(), StandardCharsets.UTF_8);
              continue;
            }
            out.putArchiveEntry(entry);
            in.transferTo(out);
            out.closeArchiveEntry();
          }
          if (dockerfileText != null) {
            TarFiles.add(out, IGNORE, (ignored + "\n" + dockerfile + "\n").getBytes(StandardCharsets.UTF_8));
            TarFiles.add(out, dockerfile, dockerfileText.getBytes(StandardCharsets.UTF_8));
          }
        }
        return deletedOnClose(tar);
      } catch (IOException e) {
        deleteQuietly(tar);
        throw new UncheckedIOException("cannot prepare the build context's tar", e);
      }
    }
  }

  static Scan scan(ImageBuild build, String dockerfileText) {
    Path directory = build.context().toAbsolutePath().normalize();
    List<String> withheld = inside(directory, build.withheld());
    Path dockerfile = build.dockerfile() == null ? null : directory.resolve(build.dockerfile()).normalize();
    boolean ownFile = dockerfile != null && dockerfile.startsWith(directory);
    Path placeholder = null;
    try {
      if (!ownFile) {
        // docker-java reads the context's files only with a Dockerfile at hand; this one stays outside the context.
        placeholder = Files.writeString(Files.createTempFile("deployer-inline", ".Dockerfile"), dockerfileText);
      }
      File scanned = ownFile ? dockerfile.toFile() : placeholder.toFile();
      Dockerfile.ScannedResult result = new ContextFiles(scanned, directory.toFile(), withheld).parse();
      List<String> files = new ArrayList<>();
      for (File file : ContextFiles.files(result)) {
        String name = FilePathUtil.relativize(directory.toFile(), file);
        if (!within(name, withheld)) {
          files.add(describe(name, file.toPath()));
        }
      }
      files.sort(null);
      return new Scan(result, ownFile ? null : dockerfileText,
          ownFile ? FilePathUtil.relativize(directory, dockerfile) : randomName(), List.copyOf(files), withheld);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the build context " + directory, e);
    } finally {
      deleteQuietly(placeholder);
    }
  }

  /** The withheld directories there are strictly inside the context, relative to it; none inside another. */
  private static List<String> inside(Path context, List<Path> withheld) {
    List<String> inside = new ArrayList<>();
    withheld.stream().map(dir -> dir.toAbsolutePath().normalize())
        .filter(dir -> dir.startsWith(context) && !dir.equals(context) && Files.isDirectory(dir))
        .map(dir -> context.relativize(dir).toString()).sorted()
        .filter(dir -> !within(dir, inside)).forEach(inside::add);
    return List.copyOf(inside);
  }

  private static boolean within(String entry, List<String> directories) {
    String name = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
    return directories.stream().anyMatch(directory -> name.equals(directory) || name.startsWith(directory + "/"));
  }

  private static String describe(String name, Path file) throws IOException {
    if (Files.isSymbolicLink(file)) {
      return name + " -> " + Files.readSymbolicLink(file);
    }
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    return name + (attributes.isDirectory() ? " dir" : " " + attributes.size()) + " "
        + attributes.lastModifiedTime().toMillis() + (Files.isExecutable(file) ? " x" : " -");
  }

  private static String randomName() {
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    return ".dockerfile." + HexFormat.of().formatHex(random);
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
   * docker-java's scan of the context: its files with the context's .dockerignore applied; the
   * Dockerfile exempted from that .dockerignore, as the docker CLI sends it whatever the patterns
   * (docker-java refuses otherwise, and matches the absolute path of one outside the context); and
   * the withheld directories ignored after every pattern, so that no {@code !} pattern brings them back.
   */
  private static final class ContextFiles extends Dockerfile {

    private final List<String> extra = new ArrayList<>();

    ContextFiles(File dockerfile, File directory, List<String> withheld) {
      super(dockerfile, directory);
      extra.add("!" + FilePathUtil.relativize(directory, dockerfile));
      withheld.forEach(dir -> extra.add(literal(dir)));
    }

    @Override
    public List<String> getIgnores() throws IOException {
      List<String> ignores = new ArrayList<>(super.getIgnores());
      ignores.addAll(extra);
      return ignores;
    }

    /**
     * The files the scan found, which docker-java keeps to itself until it packs them: read here so
     * that a fingerprint costs a look at each file, not the gzipped tar that packing them makes.
     */
    @SuppressWarnings("unchecked")
    static List<File> files(Dockerfile.ScannedResult result) {
      try {
        Field files = Dockerfile.ScannedResult.class.getDeclaredField("filesToAdd");
        files.setAccessible(true);
        return List.copyOf((List<File>) files.get(result));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("this docker-java has no list of a build context's files", e);
      }
    }

    /** A path as a pattern that matches only itself (and, as every pattern does, what is under it). */
    private static String literal(String path) {
      return path.replaceAll("([\\\\*?\\[\\]])", "\\\\$1");
    }
  }
}
