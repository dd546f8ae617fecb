// The measurement behind the choice of --compress's codec (docs/performance.md, "Compression").
// Not built by Maven: run by hand, on one core, with the candidates' jars from the local repository:
//
//   cp=~/.m2/repository/com/github/luben/zstd-jni/1.5.7-9/zstd-jni-1.5.7-9.jar
//   cp=$cp:~/.m2/repository/io/airlift/aircompressor/2.0.3/aircompressor-2.0.3.jar
//   cp=$cp:~/.m2/repository/at/yawk/lz4/lz4-java/1.10.2/lz4-java-1.10.2.jar
//   javac -cp "$cp" -d /tmp/codecs CodecBench.java
//   taskset -c 1 java -cp "/tmp/codecs:$cp" CodecBench TEXT_FILE COMPRESSED_FILE
//
// TEXT_FILE should hold at least 8 MiB of text (the measurement used this repository's sources and
// docs followed by the JDK's java.base sources), COMPRESSED_FILE at least 16 MiB of compressed data
// (jars). Prints one Markdown table row per codec and kind of data.
import java.io.*;
import java.nio.file.*;
import java.util.*;
import java.util.zip.*;

public class CodecBench {
    interface Codec { String name(); int compress(byte[] in, byte[] out); int decompress(byte[] in, int n, byte[] out, int rawLen); int bound(int n); }

    static final int CHUNK = 8 << 20;

    public static void main(String[] a) throws Exception {
        Map<String, List<byte[]>> data = new LinkedHashMap<>();
        data.put("text", chunks(Files.readAllBytes(Path.of(a[0])), 4));
        data.put("compressed", chunks(Files.readAllBytes(Path.of(a[1])), 2));
        byte[] rnd = new byte[2 * CHUNK]; new Random(7).nextBytes(rnd);
        data.put("random", chunks(rnd, 2));
        List<Codec> codecs = new ArrayList<>();
        codecs.add(deflate(1)); codecs.add(deflate(6));
        codecs.add(zstdJni(1)); codecs.add(zstdJni(3));
        codecs.add(airZstd()); codecs.add(airLz4());
        codecs.add(lz4(net.jpountz.lz4.LZ4Factory.fastestInstance(), "lz4-java (JNI)"));
        codecs.add(lz4(net.jpountz.lz4.LZ4Factory.safeInstance(), "lz4-java (pure Java, safe)"));
        System.out.println("| codec | data | ratio (out/in) | compress MB/s | decompress MB/s |");
        System.out.println("| --- | --- | ---: | ---: | ---: |");
        for (Codec c : codecs) for (var e : data.entrySet()) run(c, e.getKey(), e.getValue());
    }

    static List<byte[]> chunks(byte[] all, int n) {
        List<byte[]> l = new ArrayList<>();
        for (int i = 0; i < n && (long) (i + 1) * CHUNK <= all.length; i++) l.add(Arrays.copyOfRange(all, i * CHUNK, (i + 1) * CHUNK));
        return l;
    }

    static void run(Codec c, String kind, List<byte[]> chunks) {
        byte[] out = new byte[c.bound(CHUNK)], back = new byte[CHUNK];
        long in = 0, comp = 0;
        for (int w = 0; w < 2; w++) for (byte[] ch : chunks) { int n = c.compress(ch, out); c.decompress(out, n, back, CHUNK); }
        long ct = 0, dt = 0;
        int reps = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < 3_000_000_000L || reps < 2) {
            for (byte[] ch : chunks) {
                long t0 = System.nanoTime();
                int n = c.compress(ch, out);
                long t1 = System.nanoTime();
                int m = c.decompress(out, n, back, CHUNK);
                long t2 = System.nanoTime();
                if (m != CHUNK || !Arrays.equals(ch, back)) throw new IllegalStateException(c.name() + " round trip");
                ct += t1 - t0; dt += t2 - t1; in += CHUNK; comp += n;
            }
            reps++;
        }
        System.out.printf(Locale.ROOT, "| %s | %s | %.3f | %.0f | %.0f |%n", c.name(), kind, (double) comp / in, in / 1e6 / (ct / 1e9), in / 1e6 / (dt / 1e9));
    }

    static Codec deflate(int level) {
        Deflater d = new Deflater(level, true); Inflater f = new Inflater(true);
        return new Codec() {
            public String name() { return "JDK Deflater level " + level; }
            public int bound(int n) { return n + n / 100 + 1024; }
            public int compress(byte[] in, byte[] out) { d.reset(); d.setInput(in); d.finish(); int n = 0; while (!d.finished()) n += d.deflate(out, n, out.length - n); return n; }
            public int decompress(byte[] in, int len, byte[] out, int raw) {
                try { f.reset(); f.setInput(in, 0, len); int n = 0; while (!f.finished() && n < raw) n += f.inflate(out, n, raw - n); return n; } catch (DataFormatException e) { throw new RuntimeException(e); }
            }
        };
    }

    static Codec zstdJni(int level) {
        return new Codec() {
            public String name() { return "zstd-jni level " + level; }
            public int bound(int n) { return (int) com.github.luben.zstd.Zstd.compressBound(n); }
            public int compress(byte[] in, byte[] out) { return (int) com.github.luben.zstd.Zstd.compressByteArray(out, 0, out.length, in, 0, in.length, level); }
            public int decompress(byte[] in, int len, byte[] out, int raw) { return (int) com.github.luben.zstd.Zstd.decompressByteArray(out, 0, raw, in, 0, len); }
        };
    }

    static Codec airZstd() {
        var c = new io.airlift.compress.zstd.ZstdCompressor(); var d = new io.airlift.compress.zstd.ZstdDecompressor();
        return new Codec() {
            public String name() { return "aircompressor zstd (pure Java)"; }
            public int bound(int n) { return c.maxCompressedLength(n); }
            public int compress(byte[] in, byte[] out) { return c.compress(in, 0, in.length, out, 0, out.length); }
            public int decompress(byte[] in, int len, byte[] out, int raw) { return d.decompress(in, 0, len, out, 0, raw); }
        };
    }

    static Codec airLz4() {
        var c = new io.airlift.compress.lz4.Lz4Compressor(); var d = new io.airlift.compress.lz4.Lz4Decompressor();
        return new Codec() {
            public String name() { return "aircompressor LZ4 (pure Java)"; }
            public int bound(int n) { return c.maxCompressedLength(n); }
            public int compress(byte[] in, byte[] out) { return c.compress(in, 0, in.length, out, 0, out.length); }
            public int decompress(byte[] in, int len, byte[] out, int raw) { return d.decompress(in, 0, len, out, 0, raw); }
        };
    }

    static Codec lz4(net.jpountz.lz4.LZ4Factory f, String name) {
        var c = f.fastCompressor(); var d = f.safeDecompressor();
        return new Codec() {
            public String name() { return name; }
            public int bound(int n) { return c.maxCompressedLength(n); }
            public int compress(byte[] in, byte[] out) { return c.compress(in, 0, in.length, out, 0, out.length); }
            public int decompress(byte[] in, int len, byte[] out, int raw) { return d.decompress(in, 0, len, out, 0, raw); }
        };
    }
}
