package io.takumo.aegis.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Whether a file holding a secret can be read by others than its owner (POSIX file systems only). */
final class FilePermissions {

  private FilePermissions() {}

  static boolean readableByOthers(String path) {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(Paths.get(path));
      return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
