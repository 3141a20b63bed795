package health.liaison.records.photos;

import java.util.Arrays;

/** What an uploaded file really is, judged from its first bytes rather than from what the client claims. */
enum Upload {
    JPEG("image/jpeg", true), PNG("image/png", true), HEIC("image/heic", true), PDF("application/pdf", false);

    final String contentType;
    final boolean image;

    Upload(String contentType, boolean image) {
        this.contentType = contentType;
        this.image = image;
    }

    static Upload sniff(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xD8 && (bytes[2] & 0xff) == 0xFF) {
            return JPEG;
        }
        if (bytes.length >= 8 && Arrays.equals(Arrays.copyOf(bytes, 8),
                new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})) {
            return PNG;
        }
        if (bytes.length >= 12 && bytes[4] == 'f' && bytes[5] == 't' && bytes[6] == 'y' && bytes[7] == 'p') {
            String brand = new String(bytes, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (brand.equals("heic") || brand.equals("heix") || brand.equals("mif1") || brand.equals("heif")) {
                return HEIC;
            }
        }
        if (bytes.length >= 5 && bytes[0] == '%' && bytes[1] == 'P' && bytes[2] == 'D' && bytes[3] == 'F' && bytes[4] == '-') {
            return PDF;
        }
        return null;
    }
}
