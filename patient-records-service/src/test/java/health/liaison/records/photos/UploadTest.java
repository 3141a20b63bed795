package health.liaison.records.photos;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UploadTest {

    @Test
    void theTypeIsJudgedFromTheFirstBytes() {
        assertThat(Upload.sniff(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00})).isEqualTo(Upload.JPEG);
        assertThat(Upload.sniff(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0})).isEqualTo(Upload.PNG);
        assertThat(Upload.sniff(new byte[]{0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c'})).isEqualTo(Upload.HEIC);
        assertThat(Upload.sniff("%PDF-1.7".getBytes())).isEqualTo(Upload.PDF);
        assertThat(Upload.sniff("GIF89a".getBytes())).isNull();
        assertThat(Upload.sniff(new byte[]{(byte) 0xFF})).isNull();
    }
}
