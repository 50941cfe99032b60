<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN" sourcelanguage="en_US">
    <context>
        <name>QAbstractFileIconProvider</name>
        <message>
            <source>Alias</source>
            <translation>Bí danh</translation>
        </message>
        <message>
            <source>Drive</source>
            <translation>Ổ đĩa</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Tệp</translation>
        </message>
        <message>
            <source>File Folder</source>
            <translation>Thư mục</translation>
        </message>
        <message>
            <source>Folder</source>
            <translation>Thư mục</translation>
        </message>
        <message>
            <source>Shortcut</source>
            <translation>Lối tắt</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>Không rõ</translation>
        </message>
    </context>
    <context>
        <name>QAbstractSpinBox</name>
        <message>
            <source>&amp;Select All</source>
            <translation>&amp;Chọn tất cả</translation>
        </message>
        <message>
            <source>&amp;Step up</source>
            <translation>&amp;Tăng một bậc</translation>
        </message>
        <message>
            <source>Step &amp;down</source>
            <translation>&amp;Giảm một bậc</translation>
        </message>
    </context>
    <context>
        <name>QComboBox</name>
        <message>
            <source>False</source>
            <translation>Sai</translation>
        </message>
        <message>
            <source>Open the combo box selection popup</source>
            <translation>Mở danh sách chọn</translation>
        </message>
        <message>
            <source>True</source>
            <translation>Đúng</translation>
        </message>
    </context>
    <context>
        <name>QCupsJobWidget</name>
        <message>
            <source>&amp;Billing information:</source>
            <translation>&amp;Thông tin tính phí:</translation>
        </message>
        <message>
            <source>&amp;End:</source>
            <translation>&amp;Cuối:</translation>
        </message>
        <message>
            <source>&amp;Start:</source>
            <translation>Đầ&amp;u:</translation>
        </message>
        <message>
            <source>Banner Pages</source>
            <translation>Trang bìa</translation>
        </message>
        <message>
            <source>Billing information:</source>
            <translation>Thông tin tính phí:</translation>
        </message>
        <message>
            <source>Classified</source>
            <translation>Hạn chế</translation>
        </message>
        <message>
            <source>Confidential</source>
            <translation>Mật</translation>
        </message>
        <message>
            <source>Day (06:00 to 17:59)</source>
            <translation>Ban ngày (06:00 đến 17:59)</translation>
        </message>
        <message>
            <source>End:</source>
            <translation>Cuối:</translation>
        </message>
        <message>
            <source>Hold Indefinitely</source>
            <translation>Giữ lại, chưa in</translation>
        </message>
        <message>
            <source>Job</source>
            <translation>Lệnh in</translation>
        </message>
        <message>
            <source>Job &amp;priority:</source>
            <translation>Độ &amp;ưu tiên:</translation>
        </message>
        <message>
            <source>Job Control</source>
            <translation>Điều khiển lệnh in</translation>
        </message>
        <message>
            <source>Job priority:</source>
            <translation>Độ ưu tiên:</translation>
        </message>
        <message>
            <source>Night (18:00 to 05:59)</source>
            <translation>Ban đêm (18:00 đến 05:59)</translation>
        </message>
        <message>
            <source>None</source>
            <translation>Không</translation>
        </message>
        <message>
            <source>Print Immediately</source>
            <translation>In ngay</translation>
        </message>
        <message>
            <source>Scheduled &amp;printing:</source>
            <translation>&amp;Hẹn giờ in:</translation>
        </message>
        <message>
            <source>Scheduled printing:</source>
            <translation>Hẹn giờ in:</translation>
        </message>
        <message>
            <source>Second Shift (16:00 to 23:59)</source>
            <translation>Ca hai (16:00 đến 23:59)</translation>
        </message>
        <message>
            <source>Secret</source>
            <translation>Tối mật</translation>
        </message>
        <message>
            <source>Specific Time</source>
            <translation>Giờ cụ thể</translation>
        </message>
        <message>
            <source>Standard</source>
            <translation>Thường</translation>
        </message>
        <message>
            <source>Start:</source>
            <translation>Đầu:</translation>
        </message>
        <message>
            <source>Third Shift (00:00 to 07:59)</source>
            <translation>Ca ba (00:00 đến 07:59)</translation>
        </message>
        <message>
            <source>Top Secret</source>
            <translation>Tuyệt mật</translation>
        </message>
        <message>
            <source>Unclassified</source>
            <translation>Không mật</translation>
        </message>
        <message>
            <source>Weekend (Saturday to Sunday)</source>
            <translation>Cuối tuần (thứ Bảy, Chủ nhật)</translation>
        </message>
    </context>
    <context>
        <name>QDateTimeEdit</name>
        <message>
            <source>AM</source>
            <translation>SA</translation>
        </message>
        <message>
            <source>PM</source>
            <translation>CH</translation>
        </message>
        <message>
            <source>am</source>
            <translation>sa</translation>
        </message>
        <message>
            <source>pm</source>
            <translation>ch</translation>
        </message>
    </context>
    <context>
        <name>QDialog</name>
        <message>
            <source>What's This?</source>
            <translation>Đây là gì?</translation>
        </message>
    </context>
    <context>
        <name>QDialogButtonBox</name>
        <message>
            <source>&amp;Cancel</source>
            <translation>&amp;Hủy</translation>
        </message>
        <message>
            <source>&amp;Close</source>
            <translation>Đó&amp;ng</translation>
        </message>
        <message>
            <source>&amp;No</source>
            <translation>&amp;Không</translation>
        </message>
        <message>
            <source>&amp;OK</source>
            <translation>Đồng &amp;ý</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Lưu</translation>
        </message>
        <message>
            <source>&amp;Yes</source>
            <translation>&amp;Có</translation>
        </message>
        <message>
            <source>Abort</source>
            <translation>Dừng</translation>
        </message>
        <message>
            <source>Apply</source>
            <translation>Áp dụng</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>Close without Saving</source>
            <translation>Đóng, không lưu</translation>
        </message>
        <message>
            <source>Discard</source>
            <translation>Bỏ</translation>
        </message>
        <message>
            <source>Don't Save</source>
            <translation>Không lưu</translation>
        </message>
        <message>
            <source>Help</source>
            <translation>Trợ giúp</translation>
        </message>
        <message>
            <source>Ignore</source>
            <translation>Bỏ qua</translation>
        </message>
        <message>
            <source>N&amp;o to All</source>
            <translation>Không với tất &amp;cả</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>Đồng ý</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Mở</translation>
        </message>
        <message>
            <source>Reset</source>
            <translation>Đặt lại</translation>
        </message>
        <message>
            <source>Restore Defaults</source>
            <translation>Khôi phục mặc định</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>Thử lại</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Lưu</translation>
        </message>
        <message>
            <source>Save All</source>
            <translation>Lưu tất cả</translation>
        </message>
        <message>
            <source>Yes to &amp;All</source>
            <translation>Có với &amp;tất cả</translation>
        </message>
    </context>
    <context>
        <name>QFileDialog</name>
        <message>
            <source>%1
Directory not found.
Please verify the correct directory name was given.</source>
            <translation>%1
Không tìm thấy thư mục.
Hãy kiểm tra lại tên thư mục.</translation>
        </message>
        <message>
            <source>%1
File not found.
Please verify the correct file name was given.</source>
            <translation>%1
Không tìm thấy tệp.
Hãy kiểm tra lại tên tệp.</translation>
        </message>
        <message>
            <source>%1 File</source>
            <translation>Tệp %1</translation>
        </message>
        <message>
            <source>%1 already exists.
Do you want to replace it?</source>
            <translation>%1 đã có.
Ghi đè lên tệp này?</translation>
        </message>
        <message>
            <source>&amp;Choose</source>
            <translation>&amp;Chọn</translation>
        </message>
        <message>
            <source>&amp;Delete</source>
            <translation>&amp;Xóa</translation>
        </message>
        <message>
            <source>&amp;Look in:</source>
            <translation>&amp;Thư mục:</translation>
        </message>
        <message>
            <source>&amp;New Folder</source>
            <translation>Thư mục &amp;mới</translation>
        </message>
        <message>
            <source>&amp;Open</source>
            <translation>&amp;Mở</translation>
        </message>
        <message>
            <source>&amp;Rename</source>
            <translation>Đổi &amp;tên</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Lưu</translation>
        </message>
        <message>
            <source>'%1' is write protected.
Do you want to delete it anyway?</source>
            <translation>'%1' đang được bảo vệ chống ghi.
Vẫn xóa?</translation>
        </message>
        <message>
            <source>Alias</source>
            <translation>Bí danh</translation>
        </message>
        <message>
            <source>Alias</source>
            <comment>Mac OS X Finder</comment>
            <translation>Bí danh</translation>
        </message>
        <message>
            <source>All Files (*)</source>
            <translation>Mọi tệp (*)</translation>
        </message>
        <message>
            <source>All files (*)</source>
            <translation>Mọi tệp (*)</translation>
        </message>
        <message>
            <source>Alt+Left</source>
            <translation>Alt+Left</translation>
        </message>
        <message>
            <source>Alt+Right</source>
            <translation>Alt+Right</translation>
        </message>
        <message>
            <source>Alt+Up</source>
            <translation>Alt+Up</translation>
        </message>
        <message>
            <source>Are you sure you want to delete '%1'?</source>
            <translation>Có chắc muốn xóa '%1'?</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Lùi</translation>
        </message>
        <message>
            <source>Change to detail view mode</source>
            <translation>Chuyển sang xem chi tiết</translation>
        </message>
        <message>
            <source>Change to list view mode</source>
            <translation>Chuyển sang xem danh sách</translation>
        </message>
        <message>
            <source>Could not delete directory.</source>
            <translation>Không xóa được thư mục.</translation>
        </message>
        <message>
            <source>Create New Folder</source>
            <translation>Tạo thư mục mới</translation>
        </message>
        <message>
            <source>Create a New Folder</source>
            <translation>Tạo một thư mục mới</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Xóa</translation>
        </message>
        <message>
            <source>Detail View</source>
            <translation>Xem chi tiết</translation>
        </message>
        <message>
            <source>Directories</source>
            <translation>Thư mục</translation>
        </message>
        <message>
            <source>Directory:</source>
            <translation>Thư mục:</translation>
        </message>
        <message>
            <source>Drive</source>
            <translation>Ổ đĩa</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Tệp</translation>
        </message>
        <message>
            <source>File &amp;name:</source>
            <translation>&amp;Tên tệp:</translation>
        </message>
        <message>
            <source>File Folder</source>
            <translation>Thư mục</translation>
        </message>
        <message>
            <source>Files</source>
            <translation>Tệp</translation>
        </message>
        <message>
            <source>Files of &amp;type:</source>
            <translation>&amp;Loại tệp:</translation>
        </message>
        <message>
            <source>Files of type:</source>
            <translation>Loại tệp:</translation>
        </message>
        <message>
            <source>Find Directory</source>
            <translation>Tìm thư mục</translation>
        </message>
        <message>
            <source>Folder</source>
            <translation>Thư mục</translation>
        </message>
        <message>
            <source>Forward</source>
            <translation>Tiến</translation>
        </message>
        <message>
            <source>Go back</source>
            <translation>Lùi lại</translation>
        </message>
        <message>
            <source>Go forward</source>
            <translation>Tiến tới</translation>
        </message>
        <message>
            <source>Go to the parent directory</source>
            <translation>Lên thư mục cha</translation>
        </message>
        <message>
            <source>List View</source>
            <translation>Xem danh sách</translation>
        </message>
        <message>
            <source>List of places and bookmarks</source>
            <translation>Các nơi thường dùng</translation>
        </message>
        <message>
            <source>Look in:</source>
            <translation>Thư mục:</translation>
        </message>
        <message>
            <source>My Computer</source>
            <translation>Máy tính</translation>
        </message>
        <message>
            <source>New Folder</source>
            <translation>Thư mục mới</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Mở</translation>
        </message>
        <message>
            <source>Parent Directory</source>
            <translation>Thư mục cha</translation>
        </message>
        <message>
            <source>Recent Places</source>
            <translation>Nơi mở gần đây</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Bỏ khỏi danh sách</translation>
        </message>
        <message>
            <source>Save As</source>
            <translation>Lưu thành</translation>
        </message>
        <message>
            <source>Shortcut</source>
            <translation>Lối tắt</translation>
        </message>
        <message>
            <source>Show </source>
            <translation>Hiện </translation>
        </message>
        <message>
            <source>Show &amp;hidden files</source>
            <translation>Hiện tệp ẩ&amp;n</translation>
        </message>
        <message>
            <source>Sidebar</source>
            <translation>Thanh bên</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>Không rõ</translation>
        </message>
    </context>
    <context>
        <name>QFileSystemModel</name>
        <message>
            <source>%1 GB</source>
            <translation>%1 GB</translation>
        </message>
        <message>
            <source>%1 KB</source>
            <translation>%1 KB</translation>
        </message>
        <message>
            <source>%1 MB</source>
            <translation>%1 MB</translation>
        </message>
        <message>
            <source>%1 TB</source>
            <translation>%1 TB</translation>
        </message>
        <message>
            <source>%1 byte(s)</source>
            <translation>%1 byte</translation>
        </message>
        <message>
            <source>%1 bytes</source>
            <translation>%1 byte</translation>
        </message>
        <message>
            <source>&lt;b&gt;The name "%1" can not be used.&lt;/b&gt;&lt;p&gt;Try using another name, with fewer characters or no punctuations marks.</source>
            <translation>&lt;b&gt;Không dùng được tên "%1".&lt;/b&gt;&lt;p&gt;Hãy chọn tên khác, ngắn hơn hoặc không có dấu chấm câu.</translation>
        </message>
        <message>
            <source>&lt;b&gt;The name "%1" cannot be used.&lt;/b&gt;&lt;p&gt;Try using another name, with fewer characters or no punctuation marks.</source>
            <translation>&lt;b&gt;Không dùng được tên "%1".&lt;/b&gt;&lt;p&gt;Hãy chọn tên khác, ngắn hơn hoặc không có dấu chấm câu.</translation>
        </message>
        <message>
            <source>Computer</source>
            <translation>Máy tính</translation>
        </message>
        <message>
            <source>Date Modified</source>
            <translation>Ngày sửa</translation>
        </message>
        <message>
            <source>Invalid filename</source>
            <translation>Tên tệp không hợp lệ</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Loại</translation>
        </message>
        <message>
            <source>My Computer</source>
            <translation>Máy tính</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Tên</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>Cỡ</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Loại</translation>
        </message>
    </context>
    <context>
        <name>QGnomeTheme</name>
        <message>
            <source>&amp;Cancel</source>
            <translation>&amp;Hủy</translation>
        </message>
        <message>
            <source>&amp;Close</source>
            <translation>Đó&amp;ng</translation>
        </message>
        <message>
            <source>&amp;OK</source>
            <translation>Đồng &amp;ý</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Lưu</translation>
        </message>
        <message>
            <source>Close without Saving</source>
            <translation>Đóng, không lưu</translation>
        </message>
    </context>
    <context>
        <name>QInputDialog</name>
        <message>
            <source>Enter a value:</source>
            <translation>Nhập một giá trị:</translation>
        </message>
    </context>
    <context>
        <name>QLineEdit</name>
        <message>
            <source>&amp;Copy</source>
            <translation>&amp;Chép</translation>
        </message>
        <message>
            <source>&amp;Paste</source>
            <translation>&amp;Dán</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>&amp;Làm lại</translation>
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation>&amp;Hoàn tác</translation>
        </message>
        <message>
            <source>Cu&amp;t</source>
            <translation>&amp;Cắt</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Xóa</translation>
        </message>
        <message>
            <source>Select All</source>
            <translation>Chọn tất cả</translation>
        </message>
    </context>
    <context>
        <name>QMessageBox</name>
        <message>
            <source>&lt;h3&gt;About Qt&lt;/h3&gt;&lt;p&gt;This program uses Qt version %1.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;Về Qt&lt;/h3&gt;&lt;p&gt;Chương trình này dùng Qt phiên bản %1.&lt;/p&gt;</translation>
        </message>
        <message>
            <source>About Qt</source>
            <translation>Về Qt</translation>
        </message>
        <message>
            <source>Help</source>
            <translation>Trợ giúp</translation>
        </message>
        <message>
            <source>Hide Details...</source>
            <translation>Ẩn chi tiết…</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>Đồng ý</translation>
        </message>
        <message>
            <source>Show Details...</source>
            <translation>Xem chi tiết…</translation>
        </message>
    </context>
    <context>
        <name>QPPDOptionsModel</name>
        <message>
            <source>Name</source>
            <translation>Tên</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>Giá trị</translation>
        </message>
    </context>
    <context>
        <name>QPageSetupWidget</name>
        <message>
            <source>CC</source>
            <translation>CC</translation>
        </message>
        <message>
            <source>Centimeters (cm)</source>
            <translation>Xentimét (cm)</translation>
        </message>
        <message>
            <source>Cicero (CC)</source>
            <translation>Cicero (CC)</translation>
        </message>
        <message>
            <source>Custom</source>
            <translation>Tùy chỉnh</translation>
        </message>
        <message>
            <source>DD</source>
            <translation>DD</translation>
        </message>
        <message>
            <source>Didot (DD)</source>
            <translation>Didot (DD)</translation>
        </message>
        <message>
            <source>Form</source>
            <translation>Mẫu</translation>
        </message>
        <message>
            <source>Height:</source>
            <translation>Cao:</translation>
        </message>
        <message>
            <source>Inches (in)</source>
            <translation>Inch (in)</translation>
        </message>
        <message>
            <source>Landscape</source>
            <translation>Nằm ngang</translation>
        </message>
        <message>
            <source>Margins</source>
            <translation>Lề</translation>
        </message>
        <message>
            <source>Millimeters (mm)</source>
            <translation>Milimét (mm)</translation>
        </message>
        <message>
            <source>Orientation</source>
            <translation>Hướng giấy</translation>
        </message>
        <message>
            <source>Page &amp;order:</source>
            <translation>&amp;Thứ tự trang:</translation>
        </message>
        <message>
            <source>Page Layout</source>
            <translation>Bố cục trang</translation>
        </message>
        <message>
            <source>Page order:</source>
            <translation>Thứ tự trang:</translation>
        </message>
        <message>
            <source>Page size:</source>
            <translation>Khổ giấy:</translation>
        </message>
        <message>
            <source>Pages &amp;per sheet:</source>
            <translation>Số trang &amp;mỗi tờ:</translation>
        </message>
        <message>
            <source>Pages per sheet:</source>
            <translation>Số trang mỗi tờ:</translation>
        </message>
        <message>
            <source>Paper</source>
            <translation>Giấy</translation>
        </message>
        <message>
            <source>Paper source:</source>
            <translation>Nguồn giấy:</translation>
        </message>
        <message>
            <source>Pica (P̸)</source>
            <translation>Pica (P̸)</translation>
        </message>
        <message>
            <source>Points (pt)</source>
            <translation>Point (pt)</translation>
        </message>
        <message>
            <source>Portrait</source>
            <translation>Đứng</translation>
        </message>
        <message>
            <source>P̸</source>
            <translation>P̸</translation>
        </message>
        <message>
            <source>Reverse landscape</source>
            <translation>Nằm ngang ngược</translation>
        </message>
        <message>
            <source>Reverse portrait</source>
            <translation>Đứng ngược</translation>
        </message>
        <message>
            <source>Width:</source>
            <translation>Rộng:</translation>
        </message>
        <message>
            <source>bottom margin</source>
            <translation>lề dưới</translation>
        </message>
        <message>
            <source>in</source>
            <translation>in</translation>
        </message>
        <message>
            <source>left margin</source>
            <translation>lề trái</translation>
        </message>
        <message>
            <source>mm</source>
            <translation>mm</translation>
        </message>
        <message>
            <source>pt</source>
            <translation>pt</translation>
        </message>
        <message>
            <source>right margin</source>
            <translation>lề phải</translation>
        </message>
        <message>
            <source>top margin</source>
            <translation>lề trên</translation>
        </message>
    </context>
    <context>
        <name>QPlatformTheme</name>
        <message>
            <source>&amp;No</source>
            <translation>&amp;Không</translation>
        </message>
        <message>
            <source>&amp;Yes</source>
            <translation>&amp;Có</translation>
        </message>
        <message>
            <source>Abort</source>
            <translation>Dừng</translation>
        </message>
        <message>
            <source>Apply</source>
            <translation>Áp dụng</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>Discard</source>
            <translation>Bỏ</translation>
        </message>
        <message>
            <source>Help</source>
            <translation>Trợ giúp</translation>
        </message>
        <message>
            <source>Ignore</source>
            <translation>Bỏ qua</translation>
        </message>
        <message>
            <source>N&amp;o to All</source>
            <translation>Không với tất &amp;cả</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>Đồng ý</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Mở</translation>
        </message>
        <message>
            <source>Reset</source>
            <translation>Đặt lại</translation>
        </message>
        <message>
            <source>Restore Defaults</source>
            <translation>Khôi phục mặc định</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>Thử lại</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Lưu</translation>
        </message>
        <message>
            <source>Save All</source>
            <translation>Lưu tất cả</translation>
        </message>
        <message>
            <source>Yes to &amp;All</source>
            <translation>Có với &amp;tất cả</translation>
        </message>
    </context>
    <context>
        <name>QPrintDialog</name>
        <message>
            <source>%1 already exists.
Do you want to overwrite it?</source>
            <translation>%1 đã có.
Ghi đè lên tệp này?</translation>
        </message>
        <message>
            <source>%1 does not follow the correct syntax. Please use ',' to separate ranges and pages, '-' to define ranges and make sure ranges do not intersect with each other.</source>
            <translation>%1 viết chưa đúng. Hãy dùng ',' để ngăn cách các trang và khoảng trang, '-' để ghi một khoảng, và các khoảng không được chồng lên nhau.</translation>
        </message>
        <message>
            <source>%1 is a directory.
Please choose a different file name.</source>
            <translation>%1 là một thư mục.
Hãy chọn tên tệp khác.</translation>
        </message>
        <message>
            <source>&amp;Options &lt;&lt;</source>
            <translation>&amp;Tùy chọn &lt;&lt;</translation>
        </message>
        <message>
            <source>&amp;Options &gt;&gt;</source>
            <translation>&amp;Tùy chọn &gt;&gt;</translation>
        </message>
        <message>
            <source>&amp;Print</source>
            <translation>&amp;In</translation>
        </message>
        <message>
            <source>1 (1x1)</source>
            <translation>1 (1x1)</translation>
        </message>
        <message>
            <source>16 (4x4)</source>
            <translation>16 (4x4)</translation>
        </message>
        <message>
            <source>2 (2x1)</source>
            <translation>2 (2x1)</translation>
        </message>
        <message>
            <source>4 (2x2)</source>
            <translation>4 (2x2)</translation>
        </message>
        <message>
            <source>6 (2x3)</source>
            <translation>6 (2x3)</translation>
        </message>
        <message>
            <source>9 (3x3)</source>
            <translation>9 (3x3)</translation>
        </message>
        <message>
            <source>A0</source>
            <translation>A0</translation>
        </message>
        <message>
            <source>A1</source>
            <translation>A1</translation>
        </message>
        <message>
            <source>A2</source>
            <translation>A2</translation>
        </message>
        <message>
            <source>A3</source>
            <translation>A3</translation>
        </message>
        <message>
            <source>A4</source>
            <translation>A4</translation>
        </message>
        <message>
            <source>A5</source>
            <translation>A5</translation>
        </message>
        <message>
            <source>A6</source>
            <translation>A6</translation>
        </message>
        <message>
            <source>A7</source>
            <translation>A7</translation>
        </message>
        <message>
            <source>A8</source>
            <translation>A8</translation>
        </message>
        <message>
            <source>A9</source>
            <translation>A9</translation>
        </message>
        <message>
            <source>All Pages</source>
            <translation>Mọi trang</translation>
        </message>
        <message>
            <source>Automatic</source>
            <translation>Tự động</translation>
        </message>
        <message>
            <source>B0</source>
            <translation>B0</translation>
        </message>
        <message>
            <source>B1</source>
            <translation>B1</translation>
        </message>
        <message>
            <source>B10</source>
            <translation>B10</translation>
        </message>
        <message>
            <source>B2</source>
            <translation>B2</translation>
        </message>
        <message>
            <source>B3</source>
            <translation>B3</translation>
        </message>
        <message>
            <source>B4</source>
            <translation>B4</translation>
        </message>
        <message>
            <source>B5</source>
            <translation>B5</translation>
        </message>
        <message>
            <source>B6</source>
            <translation>B6</translation>
        </message>
        <message>
            <source>B7</source>
            <translation>B7</translation>
        </message>
        <message>
            <source>B8</source>
            <translation>B8</translation>
        </message>
        <message>
            <source>B9</source>
            <translation>B9</translation>
        </message>
        <message>
            <source>Bottom to Top, Left to Right</source>
            <translation>Dưới lên trên, trái sang phải</translation>
        </message>
        <message>
            <source>Bottom to Top, Right to Left</source>
            <translation>Dưới lên trên, phải sang trái</translation>
        </message>
        <message>
            <source>C5E</source>
            <translation>C5E</translation>
        </message>
        <message>
            <source>Custom</source>
            <translation>Tùy chỉnh</translation>
        </message>
        <message>
            <source>DLE</source>
            <translation>DLE</translation>
        </message>
        <message>
            <source>Duplex Settings Conflicts</source>
            <translation>Thiết lập in hai mặt mâu thuẫn</translation>
        </message>
        <message>
            <source>Even Pages</source>
            <translation>Trang chẵn</translation>
        </message>
        <message>
            <source>Executive</source>
            <translation>Executive</translation>
        </message>
        <message>
            <source>File %1 is not writable.
Please choose a different file name.</source>
            <translation>Không ghi được tệp %1.
Hãy chọn tên tệp khác.</translation>
        </message>
        <message>
            <source>Folio</source>
            <translation>Folio</translation>
        </message>
        <message>
            <source>Invalid Pages Definition</source>
            <translation>Khoảng trang không hợp lệ</translation>
        </message>
        <message>
            <source>Ledger</source>
            <translation>Ledger</translation>
        </message>
        <message>
            <source>Left to Right, Bottom to Top</source>
            <translation>Trái sang phải, dưới lên trên</translation>
        </message>
        <message>
            <source>Left to Right, Top to Bottom</source>
            <translation>Trái sang phải, trên xuống dưới</translation>
        </message>
        <message>
            <source>Legal</source>
            <translation>Legal</translation>
        </message>
        <message>
            <source>Letter</source>
            <translation>Letter</translation>
        </message>
        <message>
            <source>Local file</source>
            <translation>Tệp trên máy</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>Đồng ý</translation>
        </message>
        <message>
            <source>Odd Pages</source>
            <translation>Trang lẻ</translation>
        </message>
        <message>
            <source>Options 'Pages Per Sheet' and 'Page Set' cannot be used together.
Please turn one of those options off.</source>
            <translation>Không dùng cùng lúc 'Số trang mỗi tờ' và 'Nhóm trang'.
Hãy tắt một trong hai.</translation>
        </message>
        <message>
            <source>Print</source>
            <translation>In</translation>
        </message>
        <message>
            <source>Print To File ...</source>
            <translation>In ra tệp…</translation>
        </message>
        <message>
            <source>Print to File (PDF)</source>
            <translation>In ra tệp (PDF)</translation>
        </message>
        <message>
            <source>Right to Left, Bottom to Top</source>
            <translation>Phải sang trái, dưới lên trên</translation>
        </message>
        <message>
            <source>Right to Left, Top to Bottom</source>
            <translation>Phải sang trái, trên xuống dưới</translation>
        </message>
        <message>
            <source>Tabloid</source>
            <translation>Tabloid</translation>
        </message>
        <message>
            <source>The 'From' value cannot be greater than the 'To' value.</source>
            <translation>Trang 'từ' không được lớn hơn trang 'đến'.</translation>
        </message>
        <message>
            <source>There are conflicts in duplex settings. Do you want to fix them?</source>
            <translation>Thiết lập in hai mặt đang mâu thuẫn. Sửa lại?</translation>
        </message>
        <message>
            <source>Top to Bottom, Left to Right</source>
            <translation>Trên xuống dưới, trái sang phải</translation>
        </message>
        <message>
            <source>Top to Bottom, Right to Left</source>
            <translation>Trên xuống dưới, phải sang trái</translation>
        </message>
        <message>
            <source>US Common #10 Envelope</source>
            <translation>Phong bì US Common #10</translation>
        </message>
        <message>
            <source>Write PDF file</source>
            <translation>Ghi tệp PDF</translation>
        </message>
    </context>
    <context>
        <name>QPrintPropertiesDialog</name>
        <message>
            <source>Advanced Option Conflicts</source>
            <translation>Tùy chọn nâng cao mâu thuẫn</translation>
        </message>
        <message>
            <source>Custom value for %1</source>
            <translation>Giá trị riêng cho %1</translation>
        </message>
        <message>
            <source>Job Options</source>
            <translation>Tùy chọn lệnh in</translation>
        </message>
        <message>
            <source>Page Setup Conflicts</source>
            <translation>Thiết lập trang mâu thuẫn</translation>
        </message>
        <message>
            <source>Printer Properties</source>
            <translation>Thuộc tính máy in</translation>
        </message>
        <message>
            <source>There are conflicts in page setup options. Do you want to fix them?</source>
            <translation>Thiết lập trang đang mâu thuẫn. Sửa lại?</translation>
        </message>
        <message>
            <source>There are conflicts in some advanced options. Do you want to fix them?</source>
            <translation>Một số tùy chọn nâng cao đang mâu thuẫn. Sửa lại?</translation>
        </message>
    </context>
    <context>
        <name>QPrintPropertiesWidget</name>
        <message>
            <source>Advanced</source>
            <translation>Nâng cao</translation>
        </message>
        <message>
            <source>Form</source>
            <translation>Mẫu</translation>
        </message>
        <message>
            <source>Page</source>
            <translation>Trang</translation>
        </message>
        <message>
            <source>There are conflicts in some options. Please fix them.</source>
            <translation>Một số tùy chọn đang mâu thuẫn. Hãy sửa lại.</translation>
        </message>
    </context>
    <context>
        <name>QPrintSettingsOutput</name>
        <message>
            <source>Collate</source>
            <translation>Sắp theo bộ</translation>
        </message>
        <message>
            <source>Color</source>
            <translation>Màu</translation>
        </message>
        <message>
            <source>Color Mode</source>
            <translation>Chế độ màu</translation>
        </message>
        <message>
            <source>Copies</source>
            <translation>Số bản</translation>
        </message>
        <message>
            <source>Copies:</source>
            <translation>Số bản:</translation>
        </message>
        <message>
            <source>Current Page</source>
            <translation>Trang hiện tại</translation>
        </message>
        <message>
            <source>Double Sided Printing</source>
            <translation>In hai mặt</translation>
        </message>
        <message>
            <source>Duplex Printing</source>
            <translation>In hai mặt</translation>
        </message>
        <message>
            <source>Form</source>
            <translation>Mẫu</translation>
        </message>
        <message>
            <source>Grayscale</source>
            <translation>Thang xám</translation>
        </message>
        <message>
            <source>Long side</source>
            <translation>Cạnh dài</translation>
        </message>
        <message>
            <source>Long side binding</source>
            <translation>Đóng gáy cạnh dài</translation>
        </message>
        <message>
            <source>None</source>
            <translation>Không</translation>
        </message>
        <message>
            <source>Off</source>
            <translation>Tắt</translation>
        </message>
        <message>
            <source>Options</source>
            <translation>Tùy chọn</translation>
        </message>
        <message>
            <source>Output Settings</source>
            <translation>Thiết lập in</translation>
        </message>
        <message>
            <source>Page &amp;Set:</source>
            <translation>&amp;Nhóm trang:</translation>
        </message>
        <message>
            <source>Page Set:</source>
            <translation>Nhóm trang:</translation>
        </message>
        <message>
            <source>Pages</source>
            <translation>Các trang</translation>
        </message>
        <message>
            <source>Pages from</source>
            <translation>Từ trang</translation>
        </message>
        <message>
            <source>Print all</source>
            <translation>In tất cả</translation>
        </message>
        <message>
            <source>Print range</source>
            <translation>Phạm vi in</translation>
        </message>
        <message>
            <source>Reverse</source>
            <translation>Đảo thứ tự</translation>
        </message>
        <message>
            <source>Selection</source>
            <translation>Phần đã chọn</translation>
        </message>
        <message>
            <source>Short side</source>
            <translation>Cạnh ngắn</translation>
        </message>
        <message>
            <source>Short side binding</source>
            <translation>Đóng gáy cạnh ngắn</translation>
        </message>
        <message>
            <source>Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.</source>
            <translation>Ghi các trang hoặc khoảng trang, ngăn cách bằng dấu phẩy; một khoảng là hai số nối bằng dấu gạch ngang. Ví dụ: 3,5-7,9 in các trang 3, 5, 6, 7 và 9.</translation>
        </message>
        <message>
            <source>to</source>
            <translation>đến</translation>
        </message>
    </context>
    <context>
        <name>QPrintWidget</name>
        <message>
            <source>&amp;Name:</source>
            <translation>&amp;Tên:</translation>
        </message>
        <message>
            <source>...</source>
            <translation>...</translation>
        </message>
        <message>
            <source>Form</source>
            <translation>Mẫu</translation>
        </message>
        <message>
            <source>Location:</source>
            <translation>Vị trí:</translation>
        </message>
        <message>
            <source>Output &amp;file:</source>
            <translation>&amp;Tệp in ra:</translation>
        </message>
        <message>
            <source>P&amp;roperties</source>
            <translation>&amp;Thuộc tính</translation>
        </message>
        <message>
            <source>Preview</source>
            <translation>Xem trước</translation>
        </message>
        <message>
            <source>Printer</source>
            <translation>Máy in</translation>
        </message>
        <message>
            <source>Type:</source>
            <translation>Loại:</translation>
        </message>
    </context>
    <context>
        <name>QProgressDialog</name>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
    </context>
    <context>
        <name>QScrollBar</name>
        <message>
            <source>Bottom</source>
            <translation>Cuối</translation>
        </message>
        <message>
            <source>Left edge</source>
            <translation>Mép trái</translation>
        </message>
        <message>
            <source>Page down</source>
            <translation>Xuống một trang</translation>
        </message>
        <message>
            <source>Page left</source>
            <translation>Sang trái một trang</translation>
        </message>
        <message>
            <source>Page right</source>
            <translation>Sang phải một trang</translation>
        </message>
        <message>
            <source>Page up</source>
            <translation>Lên một trang</translation>
        </message>
        <message>
            <source>Right edge</source>
            <translation>Mép phải</translation>
        </message>
        <message>
            <source>Scroll down</source>
            <translation>Cuộn xuống</translation>
        </message>
        <message>
            <source>Scroll here</source>
            <translation>Cuộn tới đây</translation>
        </message>
        <message>
            <source>Scroll left</source>
            <translation>Cuộn sang trái</translation>
        </message>
        <message>
            <source>Scroll right</source>
            <translation>Cuộn sang phải</translation>
        </message>
        <message>
            <source>Scroll up</source>
            <translation>Cuộn lên</translation>
        </message>
        <message>
            <source>Top</source>
            <translation>Đầu</translation>
        </message>
    </context>
    <context>
        <name>QUnicodeControlCharacterMenu</name>
        <message>
            <source>FSI First strong isolate</source>
            <translation>FSI Cô lập theo ký tự mạnh đầu tiên</translation>
        </message>
        <message>
            <source>Insert Unicode control character</source>
            <translation>Chèn ký tự điều khiển Unicode</translation>
        </message>
        <message>
            <source>LRE Start of left-to-right embedding</source>
            <translation>LRE Bắt đầu nhúng trái sang phải</translation>
        </message>
        <message>
            <source>LRI Left-to-right isolate</source>
            <translation>LRI Cô lập trái sang phải</translation>
        </message>
        <message>
            <source>LRM Left-to-right mark</source>
            <translation>LRM Dấu trái sang phải</translation>
        </message>
        <message>
            <source>LRO Start of left-to-right override</source>
            <translation>LRO Bắt đầu ép trái sang phải</translation>
        </message>
        <message>
            <source>PDF Pop directional formatting</source>
            <translation>PDF Kết thúc định dạng hướng</translation>
        </message>
        <message>
            <source>PDI Pop directional isolate</source>
            <translation>PDI Kết thúc cô lập hướng</translation>
        </message>
        <message>
            <source>RLE Start of right-to-left embedding</source>
            <translation>RLE Bắt đầu nhúng phải sang trái</translation>
        </message>
        <message>
            <source>RLI Right-to-left isolate</source>
            <translation>RLI Cô lập phải sang trái</translation>
        </message>
        <message>
            <source>RLM Right-to-left mark</source>
            <translation>RLM Dấu phải sang trái</translation>
        </message>
        <message>
            <source>RLO Start of right-to-left override</source>
            <translation>RLO Bắt đầu ép phải sang trái</translation>
        </message>
        <message>
            <source>ZWJ Zero width joiner</source>
            <translation>ZWJ Ký tự nối độ rộng 0</translation>
        </message>
        <message>
            <source>ZWNJ Zero width non-joiner</source>
            <translation>ZWNJ Ký tự ngăn nối độ rộng 0</translation>
        </message>
        <message>
            <source>ZWSP Zero width space</source>
            <translation>ZWSP Khoảng trắng độ rộng 0</translation>
        </message>
    </context>
    <context>
        <name>QWidgetTextControl</name>
        <message>
            <source>&amp;Copy</source>
            <translation>&amp;Chép</translation>
        </message>
        <message>
            <source>&amp;Paste</source>
            <translation>&amp;Dán</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>&amp;Làm lại</translation>
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation>&amp;Hoàn tác</translation>
        </message>
        <message>
            <source>Copy &amp;Link Location</source>
            <translation>Chép địa &amp;chỉ liên kết</translation>
        </message>
        <message>
            <source>Cu&amp;t</source>
            <translation>&amp;Cắt</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Xóa</translation>
        </message>
        <message>
            <source>Select All</source>
            <translation>Chọn tất cả</translation>
        </message>
    </context>
</TS>
