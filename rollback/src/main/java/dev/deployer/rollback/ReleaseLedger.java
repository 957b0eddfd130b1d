package dev.deployer.rollback;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The releases of one environment, oldest first, and which one runs now. Kept in
 * {@code <state>/<env>/releases/ledger.json}, replaced atomically on every change; each release
 * has a directory of its own there for the configuration it was deployed with.
 */
public final class ReleaseLedger {

  private final Path directory;
  private final Path file;
  private final Path lockFile;

  public ReleaseLedger(Path environmentState) {
    this.directory = environmentState.resolve("releases");
    this.file = directory.resolve("ledger.json");
    this.lockFile = directory.resolve(".ledger.lock");
  }

  /** What the ledger file holds. */
  record Contents(String current, List<Release> releases) {
    Contents {
      releases = releases == null ? List.of() : List.copyOf(releases);
    }
  }

  public Path directory() {
    return directory;
  }

  /** Where a release's configuration snapshot lives. */
  public Path releaseDirectory(String id) {
    return directory.resolve(id);
  }

  public List<Release> releases() {
    return read().releases();
  }

  public Optional<Release> find(String id) {
    return releases().stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /**
   * The release running now as far as the deployer knows: the last one deployed, verified or rolled
   * back to, or a failed one that could not be rolled back.
   */
  public Optional<Release> current() {
    Contents contents = read();
    return contents.current() == null ? Optional.empty()
        : contents.releases().stream().filter(r -> r.id().equals(contents.current())).findFirst();
  }

  /** The newest verified release created before {@code id} whose images are still kept. */
  public Optional<Release> lastVerifiedBefore(String id) {
    return releases().stream()
        .filter(r -> r.status() == ReleaseStatus.VERIFIED && r.imagesKept() && r.id().compareTo(id) < 0)
        .max(Comparator.comparing(Release::id));
  }

  public void add(Release release) {
    change(contents -> {
      List<Release> all = new ArrayList<>(contents.releases());
      if (all.stream().anyMatch(r -> r.id().equals(release.id()))) {
        throw new IllegalStateException("release " + release.id() + " is already recorded");
      }
      all.add(release);
      all.sort(Comparator.comparing(Release::id));
      return new Contents(contents.current(), all);
    });
  }

  /** Applies {@code change} to one release and returns the result. */
  public Release update(String id, UnaryOperator<Release> change) {
    Release[] updated = new Release[1];
    change(contents -> {
      List<Release> all = new ArrayList<>(contents.releases());
      int index = indexOf(all, id);
      updated[0] = change.apply(all.get(index));
      all.set(index, updated[0]);
      return new Contents(contents.current(), all);
    });
    return updated[0];
  }

  /**
   * Names a report (deployment, validation, rollback) in the release's entry, once; does nothing
   * when the ledger has no such release.
   */
  public void recordReport(String id, String report) {
    if (find(id).isEmpty()) {
      return;
    }
    change(contents -> {
      List<Release> all = new ArrayList<>(contents.releases());
      for (int i = 0; i < all.size(); i++) {
        Release release = all.get(i);
        if (release.id().equals(id) && !release.reports().contains(report)) {
          all.set(i, release.withReport(report));
        }
      }
      return new Contents(contents.current(), all);
    });
  }

  public void setCurrent(String id) {
    change(contents -> {
      indexOf(contents.releases(), id);
      return new Contents(id, contents.releases());
    });
  }

  private static int indexOf(List<Release> releases, String id) {
    for (int i = 0; i < releases.size(); i++) {
      if (releases.get(i).id().equals(id)) {
        return i;
      }
    }
    throw new NoSuchElementException("no release " + id + " in the ledger");
  }

  private Contents read() {
    return Files.exists(file) ? JsonFiles.read(file, Contents.class) : new Contents(null, List.of());
  }

  private void change(UnaryOperator<Contents> change) {
    JsonFiles.locked(lockFile, () -> {
      JsonFiles.write(file, change.apply(read()));
      return null;
    });
  }
}
