#include "clients/scan/patching/banner_products.h"

#include "gtest/gtest.h"

namespace supplyrisk::scan {
namespace {

TEST(ProductFromBanner, OpenSsh) {
  auto p = ProductFromBanner("SSH-2.0-OpenSSH_8.9p1 Ubuntu-3\r\n");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->vendor, "openbsd");
  EXPECT_EQ(p->product, "openssh");
  EXPECT_EQ(p->version, "8.9p1");
  EXPECT_FALSE(ProductFromBanner("SSH-2.0-dropbear_2022.83").has_value());
}

TEST(ProductFromBanner, Nginx) {
  auto p = ProductFromBanner("Server: nginx/1.22.1");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->vendor, "f5");
  EXPECT_EQ(p->alt_vendor, "nginx");
  EXPECT_EQ(p->product, "nginx");
  EXPECT_EQ(p->version, "1.22.1");
  EXPECT_FALSE(ProductFromBanner("nginx").has_value());
}

TEST(ProductFromBanner, Apache) {
  auto p = ProductFromBanner("Apache/2.4.57 (Debian)");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->vendor, "apache");
  EXPECT_EQ(p->product, "http_server");
  EXPECT_EQ(p->version, "2.4.57");
}

TEST(ProductFromBanner, Ftp) {
  auto v = ProductFromBanner("220 (vsFTPd 3.0.3)\r\n");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->product, "vsftpd");
  EXPECT_EQ(v->version, "3.0.3");
  auto p = ProductFromBanner("220 ProFTPD 1.3.5 Server (Debian) [::ffff:127.0.0.1]");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->product, "proftpd");
  EXPECT_EQ(p->version, "1.3.5");
  EXPECT_FALSE(ProductFromBanner("220 ProFTPD Server (Default Installation)").has_value());
}

TEST(ProductFromBanner, Unknown) {
  EXPECT_FALSE(ProductFromBanner("").has_value());
  EXPECT_FALSE(ProductFromBanner("Microsoft-IIS/10.0").has_value());
}

}  // namespace
}  // namespace supplyrisk::scan
