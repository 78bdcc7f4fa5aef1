package io.takumo.aegis.orgcache;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.takumo.aegis.log.AegisLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The last verified org policy of one gateway and API key, kept on disk so that a process that
 * starts while the gateway is down ({@code gateway-fallback: local}) still applies the org's rules.
 *
 * <p>One file per gateway URL and API key under the cache directory, created with mode 0600 (the
 * directory, if the agent creates it, 0700). Its name and its key are derived from the API key
 * (HMAC-SHA256), which is never written: the file is AES-256-GCM sealed, so whoever reads it
 * without the API key learns nothing of the org's rules, and cannot forge or alter one (it would
 * not open). A file that does not open (corrupt, another key, tampered) is ignored with one line.
 */
public final class OrgPolicyCache {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LABEL = "takumo-aegis org-policy cache 1\n";
  private static final int IV_BYTES = 12;
  /** Far above any real org policy; a bigger file is not read. */
  static final long MAX_BYTES = 1 << 20;

  private final Path file;
  private final byte[] sealKey;
  private final byte[] context;
  private final AegisLog log;
  private final SecureRandom random = new SecureRandom();

  private OrgPolicyCache(Path file, byte[] sealKey, byte[] context, AegisLog log) {
    this.file = file;
    this.sealKey = sealKey;
    this.context = context;
    this.log = log;
  }

  /** The cache of the policy {@code gatewayUrl} delivers for {@code apiKey}, under {@code dir}. */
  public static OrgPolicyCache of(Path dir, String gatewayUrl, String apiKey, AegisLog log) {
    try {
      byte[] context = gatewayUrl.getBytes(StandardCharsets.UTF_8);
      byte[] root = hmac(apiKey.getBytes(StandardCharsets.UTF_8), (LABEL + gatewayUrl).getBytes(StandardCharsets.UTF_8));
      String name = hex(hmac(root, "file name".getBytes(StandardCharsets.UTF_8)), 16) + ".policy";
      return new OrgPolicyCache(dir.resolve(name), hmac(root, "seal".getBytes(StandardCharsets.UTF_8)), context, log);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no HmacSHA256", e);
    }
  }

  /** The file, for the docs' promise and the tests. */
  public Path file() {
    return file;
  }

  /** The cached policy, or null if there is none or it does not open (said in one line). */
  @SuppressWarnings("unchecked")
  public Map<String, Object> load() {
    byte[] sealed;
    try {
      if (Files.size(file) > MAX_BYTES) {
        log.warn("org policy cache " + file + " is over " + MAX_BYTES + " bytes; ignored");
        return null;
      }
      sealed = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      log.warn("org policy cache " + file + " cannot be read (" + e.getClass().getSimpleName() + "); ignored");
      return null;
    }
    try {
      if (sealed.length <= IV_BYTES) {
        throw new GeneralSecurityException("too short");
      }
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, sealed, 0);
      byte[] plain = cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
      Object policy = JSON.readValue(plain, Object.class);
      if (!(policy instanceof Map)) {
        throw new IOException("not an object");
      }
      return (Map<String, Object>) policy;
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      log.warn("org policy cache " + file + " is corrupt or was not written for this gateway URL and API key; ignored");
      return null;
    }
  }

  /** Replaces the cached policy with {@code policy}; a failure is one line, nothing else. */
  public void save(Map<String, Object> policy) {
    Path tmp = null;
    try {
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      byte[] ciphertext = cipher(Cipher.ENCRYPT_MODE, iv, 0).doFinal(JSON.writeValueAsBytes(policy));
      byte[] sealed = new byte[IV_BYTES + ciphertext.length];
      System.arraycopy(iv, 0, sealed, 0, IV_BYTES);
      System.arraycopy(ciphertext, 0, sealed, IV_BYTES, ciphertext.length);
      Path dir = file.getParent();
      boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
      if (!Files.isDirectory(dir)) {
        try {
          Files.createDirectories(dir, posix ? new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))} : new FileAttribute<?>[0]);
        } catch (FileAlreadyExistsException e) {
          // created meanwhile by another process
        }
      }
      tmp = posix
          ? Files.createTempFile(dir, ".org-policy", ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
          : Files.createTempFile(dir, ".org-policy", ".tmp");
      Files.write(tmp, sealed);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      log.warn("could not write the org policy cache " + file + " (" + e.getClass().getSimpleName()
          + "); a restart while the gateway is unreachable will not find this org policy");
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // the temporary file stays; it holds nothing readable without the API key
        }
      }
    }
  }

  private Cipher cipher(int mode, byte[] iv, int ivOffset) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(sealKey, "AES"), new GCMParameterSpec(128, iv, ivOffset, IV_BYTES));
    cipher.updateAAD(context);
    return cipher;
  }

  private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  private static String hex(byte[] bytes, int count) {
    StringBuilder s = new StringBuilder(count * 2);
    for (int i = 0; i < count; i++) {
      s.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
    }
    return s.toString();
  }
}
