package io.takumo.aegis.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Opens the agent's own files (its log and audit file) for appending. What they hold is no secret,
 * but it says which hosts got which kinds of secret and when, so a file the agent creates is
 * readable and writable by its owner only (mode 0600, where the file system has POSIX
 * permissions), whatever the process's umask. An existing file keeps the mode its owner gave it
 * (a log shipper may need to read it); if others can read or write it the agent says so once.
 */
public final class OwnerOnlyFiles {

  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final Set<PosixFilePermission> OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE);

  private OwnerOnlyFiles() {}

  /**
   * Opens {@code path} for appending, creating it owner-only if it does not exist.
   *
   * @throws java.nio.file.InvalidPathException if {@code path} is no path
   */
  public static OutputStream openForAppend(String path) throws IOException {
    Path file = Paths.get(path);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException e) {
      // Appended to, its mode as its owner left it.
    } catch (UnsupportedOperationException e) {
      // No POSIX permissions here (Windows): the file gets what the directory gives it.
    }
    // A FileOutputStream, not a FileChannel: a channel is closed for good when a thread writing
    // to it is interrupted, and the app's threads log through it.
    return new FileOutputStream(file.toFile(), true);
  }

  /**
   * A one-line warning if other users may read or write the file at {@code path}, else null.
   *
   * @param what the file's name in the warning, e.g. {@code log file}
   */
  public static String sharedModeWarning(String path, String what) {
    Set<PosixFilePermission> mode;
    try {
      mode = Files.getPosixFilePermissions(Paths.get(path));
    } catch (IOException | RuntimeException e) {
      // No POSIX permissions here, or the mode cannot be read: the file is open, no reason to refuse it.
      return null;
    }
    for (PosixFilePermission p : OTHERS) {
      if (mode.contains(p)) {
        return "the " + what + " " + path + " can be read or written by other users ("
            + PosixFilePermissions.toString(mode) + "); its mode is left as it is (chmod 600 keeps it to its owner)";
      }
    }
    return null;
  }
}
