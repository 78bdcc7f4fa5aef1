package io.takumo.aegis.cli;

import io.takumo.aegis.policy.Allowlist;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;

/**
 * The regular files under a path, sorted, leaving out what the allowlist's path globs name.
 * Symbolic links are followed, but a link back into a directory being walked (a loop) is not.
 * Version control directories ({@code .git}, {@code .hg}, {@code .svn}) are left out.
 */
final class FileTree {

  /** Version control metadata: compressed objects and history, not the files a user wrote. */
  private static final Set<String> VCS_DIRECTORIES = new HashSet<>(Arrays.asList(".git", ".hg", ".svn"));

  final List<Path> files = new ArrayList<>();
  final List<String> errors = new ArrayList<>();
  int loops;

  FileTree(Path root, Allowlist allowlist) {
    if (!Files.exists(root)) {
      errors.add("cannot read " + root + ": no such file or directory");
      return;
    }
    if (!Files.isDirectory(root)) {
      if (!allowlist.skipsPath(root.normalize())) {
        files.add(root);
      }
      return;
    }
    try {
      Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new Visitor(root, allowlist));
    } catch (IOException e) {
      errors.add("cannot read " + root + " (" + e.getClass().getSimpleName() + ")");
    }
    Collections.sort(files);
  }

  private final class Visitor extends SimpleFileVisitor<Path> {

    private final Path root;
    private final Allowlist allowlist;

    Visitor(Path root, Allowlist allowlist) {
      this.root = root;
      this.allowlist = allowlist;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
      if (dir.equals(root)) {
        return FileVisitResult.CONTINUE;
      }
      Path name = dir.getFileName();
      boolean vcs = name != null && VCS_DIRECTORIES.contains(name.toString());
      return vcs || allowlist.skipsPath(root.relativize(dir)) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      if (attrs.isRegularFile() && !allowlist.skipsPath(root.relativize(file))) {
        files.add(file);
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      if (e instanceof FileSystemLoopException) {
        loops++;
      } else if (!(e instanceof NoSuchFileException)) {
        // NoSuchFile: a dangling symbolic link or a file deleted during the walk; nothing to scan
        errors.add("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
      }
      return FileVisitResult.CONTINUE;
    }
  }
}
