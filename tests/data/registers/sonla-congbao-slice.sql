-- phpMyAdmin SQL Dump
-- version 5.2.1
-- https://www.phpmyadmin.net/
--
-- Máy chủ: 127.0.0.1
-- Thời gian đã tạo: Th8 06, 2026 lúc 03:55 AM
-- Phiên bản máy phục vụ: 10.4.32-MariaDB
-- Phiên bản PHP: 8.0.30

SET SQL_MODE = "NO_AUTO_VALUE_ON_ZERO";
START TRANSACTION;
SET time_zone = "+00:00";


/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8mb4 */;

--
-- Cơ sở dữ liệu: `congbao_sonla`
--

-- --------------------------------------------------------

--
-- Cấu trúc bảng cho bảng `van_ban`
--

CREATE TABLE `van_ban` (
  `so_hieu` varchar(255) NOT NULL,
  `parent_unid` varchar(64) NOT NULL,
  `ngay_ban_hanh` date DEFAULT NULL,
  `ngay_hieu_luc` date DEFAULT NULL,
  `ngay_het_hieu_luc` date DEFAULT NULL,
  `co_quan_ban_hanh` varchar(500) DEFAULT NULL,
  `loai_van_ban` varchar(255) DEFAULT NULL,
  `linh_vuc` varchar(255) DEFAULT NULL,
  `nguoi_ky` varchar(255) DEFAULT NULL,
  `trich_yeu` text DEFAULT NULL,
  `tinh_trang` varchar(100) DEFAULT NULL,
  `so_cong_bao` varchar(100) DEFAULT NULL,
  `trang_cong_bao` varchar(50) DEFAULT NULL,
  `file_urls` text DEFAULT NULL,
  `file_local_paths` text DEFAULT NULL,
  `source_url` varchar(1000) NOT NULL,
  `crawled_at` datetime NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

--
-- Đang đổ dữ liệu cho bảng `van_ban`
--

INSERT INTO `van_ban` (`so_hieu`, `parent_unid`, `ngay_ban_hanh`, `ngay_hieu_luc`, `ngay_het_hieu_luc`, `co_quan_ban_hanh`, `loai_van_ban`, `linh_vuc`, `nguoi_ky`, `trich_yeu`, `tinh_trang`, `so_cong_bao`, `trang_cong_bao`, `file_urls`, `file_local_paths`, `source_url`, `crawled_at`) VALUES
('1182/QĐ-UBND', '00322A58A69DB90C47258DFE000A2725', '2026-05-19', '2026-05-19', NULL, 'UBND Tỉnh', 'Quyết định của Chủ tịch UBND tỉnh', NULL, 'Phó Chủ tịch UBND Nguyễn Thành Công', 'Về việc phê duyệt đơn giá khởi điểm cho thuê đất ngắn hạn đối với các khu đất do Trung tâm phát triển quỹ đất tỉnh quản lý đợt 4 năm 2026', 'Đang hiệu lực', NULL, NULL, 'https://congbao.sonla.gov.vn/congbao.nsf/00322A58A69DB90C47258DFE000A2725/$file/QD 1182_signed.pdf', 'D:\\Congpv\\Python\\data_congbao\\downloads\\1182_QĐ-UBND.pdf', 'https://congbao.sonla.gov.vn/congbao.nsf/NoiDung?openForm&ParentUNID=00322A58A69DB90C47258DFE000A2725', '2026-08-06 08:37:59'),
('1303/QĐ-UBND', '0052C6EDABBBF8F047258E0B00334E86', '2026-06-02', '2026-06-02', NULL, 'UBND Tỉnh', 'Quyết định của UBND tỉnh', NULL, 'Phó Chủ tịch UBND Nguyễn Minh Tiến', 'Phê duyệt nhiệm vụ quy hoạch chung đô thị Bắc Yên, tỉnh Sơn La đến năm 2045', 'Đang hiệu lực', NULL, NULL, 'https://congbao.sonla.gov.vn/congbao.nsf/0052C6EDABBBF8F047258E0B00334E86/$file/QD 1303_signed.pdf', 'D:\\Congpv\\Python\\data_congbao\\downloads\\1303_QĐ-UBND.pdf', 'https://congbao.sonla.gov.vn/congbao.nsf/NoiDung?openForm&ParentUNID=0052C6EDABBBF8F047258E0B00334E86', '2026-08-06 08:31:49'),
('1922/QĐ-UBND', '01FB331A8ADD492347258E4500149AD2', '2026-07-30', '2026-07-30', NULL, 'UBND Tỉnh', 'Quyết định của UBND tỉnh', NULL, 'Phó Chủ tịch UBND Nguyễn Thành Công', 'Về việc phê duyệt Đề cương - Dự toán dự án Sửa đổi, bổ sung một số nội dung Bảng giá đất quy định tại Nghị quyết 152/2025/NQ-HĐND ngày 29/12/2025 của HĐND tỉnh Sơn La', 'Đang hiệu lực', NULL, NULL, 'https://congbao.sonla.gov.vn/congbao.nsf/01FB331A8ADD492347258E4500149AD2/$file/QD 1922.pdf', 'D:\\Congpv\\Python\\data_congbao\\downloads\\1922_QĐ-UBND.pdf', 'https://congbao.sonla.gov.vn/congbao.nsf/NoiDung?openForm&ParentUNID=01FB331A8ADD492347258E4500149AD2', '2026-08-06 07:56:36'),
('1074/QĐ-UBND', '02C99E0F5129B60C47258DED00148ACC', '2026-05-03', '2026-05-03', NULL, 'UBND Tỉnh', 'Quyết định của UBND tỉnh', NULL, 'Phó Chủ tịch UBND Nguyễn Minh Tiến', 'Phê duyệt nhiệm vụ quy hoạch chung xã Chiềng La, tỉnh Sơn La đến năm 2045', 'Đang hiệu lực', NULL, NULL, 'https://congbao.sonla.gov.vn/congbao.nsf/02C99E0F5129B60C47258DED00148ACC/$file/QD 1074_signed.pdf', 'D:\\Congpv\\Python\\data_congbao\\downloads\\1074_QĐ-UBND.pdf', 'https://congbao.sonla.gov.vn/congbao.nsf/NoiDung?openForm&ParentUNID=02C99E0F5129B60C47258DED00148ACC', '2026-08-06 08:43:34'),
('23/NQ-HĐND', '02F837B72CA3613F47258E200028810D', '2026-06-22', '2026-06-22', NULL, 'HĐND Tỉnh', 'Nghị quyết của HĐND tỉnh', NULL, 'Chủ tịch HĐND Lò Minh Hùng', 'Về việc bầu Ủy viên Ủy ban nhân dân tỉnh khóa XVI, nhiệm kỳ 2026 - 2031', 'Đang hiệu lực', NULL, NULL, 'https://congbao.sonla.gov.vn/congbao.nsf/02F837B72CA3613F47258E200028810D/$file/NQ 23.pdf', 'D:\\Congpv\\Python\\data_congbao\\downloads\\23_NQ-HĐND.pdf', 'https://congbao.sonla.gov.vn/congbao.nsf/NoiDung?openForm&ParentUNID=02F837B72CA3613F47258E200028810D', '2026-08-06 08:20:01'),
('1455/QĐ-UBND', '03C70D8A0F3EA54247258E1A002980DB', '2026-06-17', '2026-07-01', NULL, 'UBND Tỉnh', 'Quyết định của Chủ tịch UBND tỉnh', NULL, 'Phó Chủ tịch UBND Đặng Ngọc Hậu', 'Về việc công bố Danh mục thủ tục hành chính bị bãi bỏ lĩnh vực Phòng bệnh thuộc phạm vi chức năng quản lý nhà nước của Sở Y tế', 'Đang hiệu lực', NULL, NULL, 'https://congbao.sonla.gov.vn/congbao.nsf/03C70D8A0F3EA54247258E1A002980DB/$file/QD 1455.pdf', 'D:\\Congpv\\Python\\data_congbao\\downloads\\1455_QĐ-UBND.pdf', 'https://congbao.sonla.gov.vn/congbao.nsf/NoiDung?openForm&ParentUNID=03C70D8A0F3EA54247258E1A002980DB', '2026-08-06 08:22:54'),
('931/QĐ-UBND', '040ADAFC3F89AC5B47258DDA0033B2FF', '2026-04-15', '2026-04-15', NULL, 'UBND Tỉnh', 'Quyết định của UBND tỉnh', NULL, 'Phó Chủ tịch UBND Nguyễn Thành Công', 'Điều chỉnh, bổ sung Kế hoạch khuyến nông cấp tỉnh năm 2026', 'Đang hiệu lực', NULL, NULL, 'https://congbao.sonla.gov.vn/congbao.nsf/040ADAFC3F89AC5B47258DDA0033B2FF/$file/QD 931_signed.pdf', 'D:\\Congpv\\Python\\data_congbao\\downloads\\931_QĐ-UBND.pdf', 'https://congbao.sonla.gov.vn/congbao.nsf/NoiDung?openForm&ParentUNID=040ADAFC3F89AC5B47258DDA0033B2FF', '2026-08-06 08:49:24'),
('1068/QĐ-UBND', '04573BADBF79984147258DED00135C2F', '2026-04-30', '2026-04-30', NULL, 'UBND Tỉnh', 'Quyết định của Chủ tịch UBND tỉnh', NULL, 'Chủ tịch UBND Nguyễn Đình Việt', 'Thành lập Ban Chỉ đạo thi tốt nghiệp trung học phổ thông tỉnh Sơn La năm 2026', 'Đang hiệu lực', NULL, NULL, 'https://congbao.sonla.gov.vn/congbao.nsf/04573BADBF79984147258DED00135C2F/$file/QD 1068_signed.pdf', 'D:\\Congpv\\Python\\data_congbao\\downloads\\1068_QĐ-UBND.pdf', 'https://congbao.sonla.gov.vn/congbao.nsf/NoiDung?openForm&ParentUNID=04573BADBF79984147258DED00135C2F', '2026-08-06 08:43:42');
