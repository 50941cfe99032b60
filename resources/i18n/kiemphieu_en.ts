<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="vi_VN">
<context>
    <name>ballot_source</name>
    <message>
        <source>nhập tay</source>
        <extracomment>The words of each source, as tables show them (the &quot;Nguồn&quot; / &quot;Cách nhập&quot; columns).</extracomment>
        <translation>keyed by hand</translation>
    </message>
    <message>
        <source>nhận từ máy khác</source>
        <translation>taken in from another station</translation>
    </message>
    <message>
        <source>đọc từ ảnh quét</source>
        <translation>read from a scanned image</translation>
    </message>
</context>
<context>
    <name>columns</name>
    <message>
        <source>Đồng ý</source>
        <translation>Agree</translation>
    </message>
    <message>
        <source>Không đồng ý</source>
        <translation>Disagree</translation>
    </message>
    <message>
        <source>Tín nhiệm cao</source>
        <translation>High confidence</translation>
    </message>
    <message>
        <source>Tín nhiệm</source>
        <translation>Confidence</translation>
    </message>
    <message>
        <source>Tín nhiệm thấp</source>
        <translation>Low confidence</translation>
    </message>
    <message>
        <source>Không tín nhiệm</source>
        <translation>No confidence</translation>
    </message>
    <message>
        <source>Hoàn thành xuất sắc nhiệm vụ</source>
        <translation>Excellently fulfilled duties</translation>
    </message>
    <message>
        <source>Hoàn thành tốt nhiệm vụ</source>
        <translation>Well fulfilled duties</translation>
    </message>
    <message>
        <source>Hoàn thành nhiệm vụ</source>
        <translation>Fulfilled duties</translation>
    </message>
    <message>
        <source>Không hoàn thành nhiệm vụ</source>
        <translation>Did not fulfil duties</translation>
    </message>
    <message>
        <source>Ý kiến khác</source>
        <translation>Other opinion</translation>
    </message>
</context>
<context>
    <name>committee</name>
    <message>
        <source>Ban kiểm phiếu</source>
        <translation>Counting committee</translation>
    </message>
    <message>
        <source>Các thành viên do đại hội biểu quyết thông qua. Trưởng ban ký biên bản thay mặt Ban kiểm phiếu; các thành viên ký ở cột bên trái.</source>
        <translation>The members approved by the congress. The chair signs the minutes on behalf of the counting committee; the other members sign in the left-hand column.</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Chức danh</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Thêm &amp;người</source>
        <translation>&amp;Add member</translation>
    </message>
    <message>
        <source>&amp;Bớt người</source>
        <translation>&amp;Remove member</translation>
    </message>
    <message>
        <source>Ghi &amp;danh sách</source>
        <translation>&amp;Save list</translation>
    </message>
    <message>
        <source>Danh sách Ban kiểm phiếu có thay đổi chưa ghi.</source>
        <translation>The counting committee list has unsaved changes.</translation>
    </message>
    <message>
        <source>Đã ghi danh sách Ban kiểm phiếu.</source>
        <translation>Counting committee saved.</translation>
    </message>
    <message>
        <source>Không có thay đổi để ghi.</source>
        <translation>Nothing has changed; nothing to save.</translation>
    </message>
</context>
<context>
    <name>context</name>
    <message>
        <source>người dùng</source>
        <translation>user</translation>
    </message>
</context>
<context>
    <name>editor</name>
    <message>
        <source>HTXS</source>
        <translation>Excellent</translation>
    </message>
    <message>
        <source>HTT</source>
        <translation>Good</translation>
    </message>
    <message>
        <source>HT</source>
        <translation>Fulfilled</translation>
    </message>
    <message>
        <source>KHT</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Gạch</source>
        <translation>Strike</translation>
    </message>
    <message>
        <source>STT</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>✗ gạch</source>
        <translation>✗ struck</translation>
    </message>
    <message>
        <source>Gõ số thứ tự người bị gạch (gõ lại để bỏ gạch); ↑↓ và phím cách cũng được; Enter để ghi.</source>
        <translation>Type the number of each person struck out (type it again to undo); ↑↓ and Space work too; Enter to save.</translation>
    </message>
    <message>
        <source>Mỗi dòng một phím: {keys}, 0 = để trống; Ctrl+số thêm dấu thứ hai; Enter để ghi.</source>
        <translation>One key per row: {keys}, 0 = blank; Ctrl+number adds a second mark; Enter to save.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Người được chấm&lt;/b&gt;</source>
        <translation>&lt;b&gt;Person scored&lt;/b&gt;</translation>
    </message>
    <message>
        <source>(tối đa {m})</source>
        <translation>(max. {m})</translation>
    </message>
    <message>
        <source>Tab để sang ô tiếp theo; có thể chấm 0,5 điểm; để trống nếu người chấm bỏ trống.</source>
        <translation>Tab moves to the next field; half points (0.5) are allowed; leave empty if the voter left it blank.</translation>
    </message>
    <message>
        <source>Dòng {r}, tiêu chí {c}: &apos;{t}&apos; không phải số điểm (bội số của 0,5).</source>
        <translation>Row {r}, criterion {c}: &apos;{t}&apos; is not a score (a multiple of 0.5).</translation>
    </message>
    <message>
        <source>Tên thứ {i}:</source>
        <translation>Name {i}:</translation>
    </message>
</context>
<context>
    <name>entry</name>
    <message>
        <source>Phiếu không hợp lệ về hình thức</source>
        <translation>Ballot invalid on its face</translation>
    </message>
    <message>
        <source>Lý do:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>Nhập phiếu</source>
        <translation>Ballot entry</translation>
    </message>
    <message>
        <source>Phát ra:</source>
        <translation>Issued:</translation>
    </message>
    <message>
        <source>theo sổ in</source>
        <translation>from print register</translation>
    </message>
    <message>
        <source>Số phiếu phát ra; để &apos;theo sổ in&apos; khi phiếu in từ chương trình</source>
        <translation>Ballots issued; leave at &apos;from print register&apos; when the ballots were printed by this program</translation>
    </message>
    <message>
        <source>Thu về:</source>
        <translation>Collected:</translation>
    </message>
    <message>
        <source>chưa đếm</source>
        <translation>not counted</translation>
    </message>
    <message>
        <source>Số phiếu Ban kiểm phiếu đếm được khi mở hòm phiếu</source>
        <translation>Ballots the counting committee counted when opening the ballot box</translation>
    </message>
    <message>
        <source>Ghi số phiếu</source>
        <translation>Save counts</translation>
    </message>
    <message>
        <source>Ghi phiếu chưa phát / hủy…</source>
        <translation>Record unused / spoiled sheets…</translation>
    </message>
    <message>
        <source>Phiếu đã in nhưng không phát ra, hoặc phiếu hỏng đã đổi: quét hoặc gõ mã từng phiếu</source>
        <translation>Sheets printed but never handed out, or spoiled sheets exchanged: scan or type each sheet&apos;s code</translation>
    </message>
    <message>
        <source>Mã phiếu:</source>
        <translation>Ballot code:</translation>
    </message>
    <message>
        <source>Quét mã QR, hoặc gõ mã kiểm tra in trên phiếu, rồi Enter (Ctrl+L)</source>
        <translation>Scan the QR code, or type the check code printed on the ballot, then Enter (Ctrl+L)</translation>
    </message>
    <message>
        <source>Phiếu không có mã (Ctrl+M)</source>
        <translation>Ballot without code (Ctrl+M)</translation>
    </message>
    <message>
        <source>Lượt nhập:</source>
        <translation>Entry pass:</translation>
    </message>
    <message>
        <source>Nhập hai, ba lượt độc lập trên các máy khác nhau rồi đối chiếu</source>
        <translation>Enter two or three independent passes on different computers, then compare them</translation>
    </message>
    <message>
        <source>Ghi (Enter)</source>
        <translation>Save (Enter)</translation>
    </message>
    <message>
        <source>Không hợp lệ… (F2)</source>
        <translation>Invalid… (F2)</translation>
    </message>
    <message>
        <source>Hoàn tác (Ctrl+Z)</source>
        <translation>Undo (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Sửa phiếu… (F3)</source>
        <translation>Correct ballot… (F3)</translation>
    </message>
    <message>
        <source>Đối chiếu lượt…</source>
        <translation>Compare passes…</translation>
    </message>
    <message>
        <source>Xuất lượt…</source>
        <translation>Export pass…</translation>
    </message>
    <message>
        <source>Nhận lượt…</source>
        <translation>Import pass…</translation>
    </message>
    <message>
        <source>Nhật ký…</source>
        <translation>Entry log…</translation>
    </message>
    <message>
        <source>Kết luận lại… (F4)</source>
        <translation>Ruling… (F4)</translation>
    </message>
    <message>
        <source>Ghi phiếu đang nhập và chờ phiếu tiếp theo</source>
        <translation>Save the ballot being entered and wait for the next one</translation>
    </message>
    <message>
        <source>Phiếu không hợp lệ về hình thức: không phải phiếu do Ban kiểm phiếu phát ra, không có dấu, rách, có ký tên…</source>
        <translation>Ballot invalid on its face: not issued by the counting committee, no stamp, torn, signed…</translation>
    </message>
    <message>
        <source>Xóa phiếu vừa nhập ở máy này (nhật ký vẫn giữ lại)</source>
        <translation>Delete the ballot just entered at this computer (the log keeps it)</translation>
    </message>
    <message>
        <source>Sửa các dấu của một phiếu đã nhập, có ghi lý do</source>
        <translation>Correct the marks of a ballot already entered, with a reason</translation>
    </message>
    <message>
        <source>Đối chiếu các lượt nhập độc lập, liệt kê phiếu chưa khớp</source>
        <translation>Compare the independent entry passes and list ballots that differ</translation>
    </message>
    <message>
        <source>Xuất lượt nhập của máy này ra tệp có chữ ký để chuyển sang máy chính</source>
        <translation>Export this computer&apos;s entry pass to a signed file for the main computer</translation>
    </message>
    <message>
        <source>Nhận lượt nhập do máy khác xuất ra</source>
        <translation>Import an entry pass exported by another computer</translation>
    </message>
    <message>
        <source>Lưu nhật ký nhập phiếu (PDF) để in và lưu trữ</source>
        <translation>Save the ballot entry log (PDF) for printing and the archive</translation>
    </message>
    <message>
        <source>Ban kiểm phiếu kết luận lại một phiếu là hợp lệ hoặc không hợp lệ, có ghi lý do</source>
        <translation>The counting committee rules a ballot valid or invalid, with a reason</translation>
    </message>
    <message>
        <source>&lt;b&gt;Kết quả tạm thời&lt;/b&gt;</source>
        <translation>&lt;b&gt;Provisional results&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Phiếu vừa nhập&lt;/b&gt;</source>
        <translation>&lt;b&gt;Ballots just entered&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Phiếu {key} đang sửa chưa được ghi.</source>
        <translation>The correction of ballot {key} is not saved.</translation>
    </message>
    <message>
        <source>Phiếu số {serial} đã đánh dấu nhưng chưa được ghi.</source>
        <translation>Ballot {serial} is marked but not saved.</translation>
    </message>
    <message>
        <source>Phiếu không có mã đang nhập đã đánh dấu nhưng chưa được ghi.</source>
        <translation>The ballot without a code being entered is marked but not saved.</translation>
    </message>
    <message>
        <source>Nhập phiếu — chưa có nội dung bỏ phiếu</source>
        <translation>Ballot entry — no poll yet</translation>
    </message>
    <message>
        <source>Đang đọc nội dung bỏ phiếu…</source>
        <translation>Reading the poll…</translation>
    </message>
    <message>
        <source>Nhập phiếu — {title}</source>
        <translation>Ballot entry — {title}</translation>
    </message>
    <message>
        <source>còn &lt;b&gt;—&lt;/b&gt;</source>
        <translation>&lt;b&gt;—&lt;/b&gt; left</translation>
    </message>
    <message>
        <source>còn &lt;b&gt;{n}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{n}&lt;/b&gt; left</translation>
    </message>
    <message>
        <source>thừa &lt;b&gt;{n}&lt;/b&gt; so với số thu về</source>
        <translation>&lt;b&gt;{n}&lt;/b&gt; more than collected</translation>
    </message>
    <message>
        <source> · &lt;b&gt;{n}&lt;/b&gt; phiếu các lượt chưa khớp</source>
        <translation> · &lt;b&gt;{n}&lt;/b&gt; ballots differ between passes</translation>
    </message>
    <message>
        <source>Đã nhập &lt;b&gt;{entered}&lt;/b&gt; / thu về &lt;b&gt;{collected}&lt;/b&gt; ({rest}) · hợp lệ &lt;b&gt;{valid}&lt;/b&gt; · không hợp lệ &lt;b&gt;{invalid}&lt;/b&gt; · lượt nhập {pass_no}</source>
        <translation>Entered &lt;b&gt;{entered}&lt;/b&gt; / collected &lt;b&gt;{collected}&lt;/b&gt; ({rest}) · valid &lt;b&gt;{valid}&lt;/b&gt; · invalid &lt;b&gt;{invalid}&lt;/b&gt; · pass {pass_no}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Kết quả&lt;/b&gt; (đã kết thúc)</source>
        <translation>&lt;b&gt;Results&lt;/b&gt; (closed)</translation>
    </message>
    <message>
        <source>Nội dung này đã kết thúc: muốn sửa phải mở lại ở màn hình Biên bản.</source>
        <translation>This poll is closed: to change it, reopen it on the Minutes screen.</translation>
    </message>
    <message>
        <source>Chờ quét phiếu tiếp theo…</source>
        <translation>Waiting for the next ballot to be scanned…</translation>
    </message>
    <message>
        <source>Không đọc được nội dung bỏ phiếu.</source>
        <translation>The poll could not be read.</translation>
    </message>
    <message>
        <source>Phiếu đang nhập chưa được ghi. Hãy bấm Enter để ghi, hoặc Esc để bỏ, rồi quét lại.</source>
        <translation>The ballot being entered is not saved yet. Press Enter to save it or Esc to discard it, then scan again.</translation>
    </message>
    <message>
        <source>Đang kiểm tra mã phiếu…</source>
        <translation>Checking the ballot code…</translation>
    </message>
    <message>
        <source>Phiếu số &lt;b&gt;{serial}&lt;/b&gt; — đánh dấu rồi Enter</source>
        <translation>Ballot no. &lt;b&gt;{serial}&lt;/b&gt; — mark it, then Enter</translation>
    </message>
    <message>
        <source>Phiếu không có mã</source>
        <translation>Ballot without a code</translation>
    </message>
    <message>
        <source>Nội dung này đã in phiếu có mã QR. Ban kiểm phiếu xác nhận nhận phiếu không có mã này? Phiếu được đánh số riêng và ghi vào biên bản.</source>
        <translation>This poll&apos;s ballots were printed with QR codes. Does the counting committee accept this ballot without a code? It gets its own number and is listed in the minutes.</translation>
    </message>
    <message>
        <source>Phiếu không có mã — chương trình sẽ đánh số tiếp theo; đánh dấu rồi Enter</source>
        <translation>Ballot without code — the program gives it the next number; mark it, then Enter</translation>
    </message>
    <message>
        <source>dòng {rows} không tính (không đánh dấu hoặc nhiều dấu)</source>
        <translation>row {rows} not counted (no mark or several marks)</translation>
    </message>
    <message>
        <source>Hợp lệ</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>Không hợp lệ: {reason}</source>
        <translation>Invalid: {reason}</translation>
    </message>
    <message>
        <source>không rõ lý do</source>
        <translation>no reason given</translation>
    </message>
    <message>
        <source>Phiếu không hợp lệ</source>
        <translation>Invalid ballot</translation>
    </message>
    <message>
        <source>Phiếu này không hợp lệ: {reason}.
Vẫn ghi phiếu như đã đánh dấu?</source>
        <translation>This ballot is invalid: {reason}.
Save the ballot as marked anyway?</translation>
    </message>
    <message>
        <source>Sửa phiếu</source>
        <translation>Correct ballot</translation>
    </message>
    <message>
        <source>Lý do sửa phiếu {key}:</source>
        <translation>Reason for correcting ballot {key}:</translation>
    </message>
    <message>
        <source>Đang ghi phiếu…</source>
        <translation>Saving the ballot…</translation>
    </message>
    <message>
        <source>hợp lệ</source>
        <translation>valid</translation>
    </message>
    <message>
        <source>không hợp lệ ({reason})</source>
        <translation>invalid ({reason})</translation>
    </message>
    <message>
        <source>Đã sửa phiếu {key}: {verdict}. Chờ quét phiếu tiếp theo…</source>
        <translation>Ballot {key} corrected: {verdict}. Waiting for the next ballot…</translation>
    </message>
    <message>
        <source>Đã ghi phiếu {key}: {verdict}. Chờ quét phiếu tiếp theo…</source>
        <translation>Saved ballot {key}: {verdict}. Waiting for the next ballot…</translation>
    </message>
    <message>
        <source>Phiếu CHƯA được ghi.</source>
        <translation>The ballot was NOT saved.</translation>
    </message>
    <message>
        <source>Hãy quét mã phiếu (hoặc chọn &apos;Phiếu không có mã&apos;) trước.</source>
        <translation>Scan the ballot code first (or choose &apos;Ballot without code&apos;).</translation>
    </message>
    <message>
        <source>Không hợp lệ: {reason} — Enter để ghi</source>
        <translation>Invalid: {reason} — Enter to save</translation>
    </message>
    <message>
        <source>Phiếu đang nhập chưa được ghi: bấm Enter để ghi hoặc Esc để bỏ, rồi mới hoàn tác phiếu trước.</source>
        <translation>The ballot being entered is not saved: press Enter to save it or Esc to drop it, then undo the previous ballot.</translation>
    </message>
    <message>
        <source>Không hoàn tác được</source>
        <translation>Cannot undo</translation>
    </message>
    <message>
        <source>Chỉ hoàn tác được phiếu vừa ghi trên màn hình này. Muốn sửa phiếu khác, bấm F3 (Sửa phiếu).</source>
        <translation>Only the ballot just saved on this screen can be undone. To change another ballot, press F3 (Correct ballot).</translation>
    </message>
    <message>
        <source>Hoàn tác</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>Hoàn tác phiếu {key} ({verdict}, ghi lúc {at})?
Phiếu này bị xóa khỏi kết quả; nhật ký vẫn lưu lại. Sau đó nhập lại phiếu giấy.</source>
        <translation>Undo ballot {key} ({verdict}, saved at {at})?
It is removed from the result; the log keeps it. Then enter the paper ballot again.</translation>
    </message>
    <message>
        <source>không hợp lệ</source>
        <translation>invalid</translation>
    </message>
    <message>
        <source>Đã hoàn tác phiếu {key}. Chờ quét phiếu tiếp theo…</source>
        <translation>Ballot {key} undone. Waiting for the next ballot…</translation>
    </message>
    <message>
        <source>Sửa phiếu đã nhập</source>
        <translation>Correct an entered ballot</translation>
    </message>
    <message>
        <source>Số phiếu, mã kiểm tra hoặc #số thứ tự:</source>
        <translation>Ballot number, check code or #sequence number:</translation>
    </message>
    <message>
        <source>Sửa phiếu &lt;b&gt;{key}&lt;/b&gt; — sửa dấu rồi Enter (sẽ hỏi lý do)</source>
        <translation>Correcting ballot &lt;b&gt;{key}&lt;/b&gt; — fix the marks, then Enter (you will be asked for a reason)</translation>
    </message>
    <message>
        <source>Kết luận lại phiếu</source>
        <translation>Committee ruling</translation>
    </message>
    <message>
        <source>Không hợp lệ</source>
        <translation>Invalid</translation>
    </message>
    <message>
        <source>Ban kiểm phiếu kết luận phiếu {key}:</source>
        <translation>The committee rules ballot {key}:</translation>
    </message>
    <message>
        <source>Ban kiểm phiếu kết luận phiếu {key}: {verdict}.</source>
        <translation>The committee ruled ballot {key}: {verdict}.</translation>
    </message>
    <message>
        <source>Không nhận phiếu này</source>
        <translation>Ballot not accepted</translation>
    </message>
    <message>
        <source>Phiếu không in từ chương trình (không có sổ phiếu in).</source>
        <translation>Ballots not printed by the program (no printed-sheet registry).</translation>
    </message>
    <message>
        <source>Đã in {printed} · phát ra {issued} · chưa phát {unused} · hủy (đổi phiếu) {spoiled}</source>
        <translation>Printed {printed} · issued {issued} · unused {unused} · spoiled (exchanged) {spoiled}</translation>
    </message>
    <message>
        <source> · không có mã {n}</source>
        <translation> · without a code {n}</translation>
    </message>
    <message>
        <source> — còn {n} phiếu đã in chưa rõ: ghi phiếu chưa phát hoặc hủy</source>
        <translation> — {n} printed sheets unaccounted for: record them as unused or spoiled</translation>
    </message>
    <message>
        <source> — phát ra nhiều hơn số đã in {n} phiếu: kiểm tra lại số phát ra</source>
        <translation> — {n} more issued than printed: check the number issued</translation>
    </message>
    <message>
        <source>Phiếu in thừa, không phát ra</source>
        <translation>Spare sheets, never handed out</translation>
    </message>
    <message>
        <source>Phiếu hỏng đã đổi (hủy)</source>
        <translation>Spoiled sheets exchanged (voided)</translation>
    </message>
    <message>
        <source>Ghi phiếu chưa phát / hủy</source>
        <translation>Record unused / spoiled sheets</translation>
    </message>
    <message>
        <source>Loại phiếu:</source>
        <translation>Kind of sheet:</translation>
    </message>
    <message>
        <source>Quét hoặc gõ mã kiểm tra (hay số phiếu) của từng phiếu, mỗi phiếu một dòng:</source>
        <translation>Scan or type the check code (or serial) of each sheet, one per line:</translation>
    </message>
    <message>
        <source>Đã ghi {n} phiếu: {what}.</source>
        <translation>Recorded {n} sheets: {what}.</translation>
    </message>
    <message>
        <source>Đã ghi số phiếu phát ra và thu về.</source>
        <translation>Ballots issued and collected saved.</translation>
    </message>
    <message>
        <source>Đối chiếu</source>
        <translation>Compare passes</translation>
    </message>
    <message>
        <source>Các lượt nhập khớp nhau (hoặc chưa có lượt thứ hai).</source>
        <translation>The entry passes match (or there is no second pass yet).</translation>
    </message>
    <message>
        <source>lượt {p}: {v}</source>
        <translation>pass {p}: {v}</translation>
    </message>
    <message>
        <source>chưa nhập</source>
        <translation>not entered</translation>
    </message>
    <message>
        <source>Các lượt nhập chưa khớp</source>
        <translation>Entry passes differ</translation>
    </message>
    <message>
        <source>{n} phiếu chưa khớp. Xem lại phiếu giấy, chọn đúng lượt nhập rồi sửa (F3).</source>
        <translation>{n} ballots differ. Check the paper ballots, select the right entry pass and correct them (F3).</translation>
    </message>
    <message>
        <source>Xuất lượt nhập</source>
        <translation>Export entry pass</translation>
    </message>
    <message>
        <source>Đã xuất {n} phiếu của lượt {p} ra {path}</source>
        <translation>Exported {n} ballots of pass {p} to {path}</translation>
    </message>
    <message>
        <source>Nhận lượt nhập</source>
        <translation>Import entry pass</translation>
    </message>
    <message>
        <source>Đã nhận {n} phiếu của lượt {p} (“{title}”).</source>
        <translation>Imported {n} ballots of pass {p} (“{title}”).</translation>
    </message>
    <message>
        <source>Nhật ký nhập phiếu</source>
        <translation>Ballot entry log</translation>
    </message>
    <message>
        <source>Đã lưu nhật ký nhập phiếu: {path} ({n} trang)</source>
        <translation>Ballot entry log saved: {path} ({n} pages)</translation>
    </message>
    <message>
        <source> · đã sửa</source>
        <translation> · corrected</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Không thực hiện được</source>
        <translation>Could not be done</translation>
    </message>
    <message>
        <source>Lỗi không mong đợi</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <source>Chương trình gặp lỗi không mong đợi. Dữ liệu đã ghi trước đó không bị mất.
Chi tiết đã được ghi vào: {path}</source>
        <translation>The program hit an unexpected error. Nothing saved before it has been lost.
The details were written to: {path}</translation>
    </message>
    <message>
        <source>Chép chi tiết</source>
        <translation>Copy details</translation>
    </message>
</context>
<context>
    <name>help</name>
    <message>
        <source>Mọi nơi</source>
        <translation>Everywhere</translation>
    </message>
    <message>
        <source>Hướng dẫn sử dụng và phím tắt</source>
        <translation>User guide and keys</translation>
    </message>
    <message>
        <source>Tạo hội nghị mới</source>
        <translation>New meeting</translation>
    </message>
    <message>
        <source>Mở tệp hội nghị</source>
        <translation>Open meeting file</translation>
    </message>
    <message>
        <source>Đóng hội nghị</source>
        <translation>Close the meeting</translation>
    </message>
    <message>
        <source>Thoát (hỏi nếu còn phiếu hay thay đổi chưa ghi)</source>
        <translation>Quit (asks if a ballot or an edit is not saved)</translation>
    </message>
    <message>
        <source>Đi tới bước 1 … 8</source>
        <translation>Go to step 1 … 8</translation>
    </message>
    <message>
        <source>Về bảng Nội dung bỏ phiếu; ↑↓ chọn nội dung</source>
        <translation>To the Polls list; ↑↓ choose a poll</translation>
    </message>
    <message>
        <source>Thông tin, Ban kiểm phiếu, Nội dung</source>
        <translation>Meeting, committee, polls</translation>
    </message>
    <message>
        <source>Ghi mọi thay đổi của màn hình (kể cả ô đang gõ)</source>
        <translation>Save every change of the screen (the cell being typed too)</translation>
    </message>
    <message>
        <source>Bảng danh sách</source>
        <translation>Lists</translation>
    </message>
    <message>
        <source>Sửa ô đang chọn (gõ chữ cũng được)</source>
        <translation>Edit the current cell (or just type)</translation>
    </message>
    <message>
        <source>Nhập phiếu</source>
        <translation>Ballot entry</translation>
    </message>
    <message>
        <source>Về ô Mã phiếu</source>
        <translation>To the ballot code field</translation>
    </message>
    <message>
        <source>Phiếu không có mã</source>
        <translation>Ballot without a code</translation>
    </message>
    <message>
        <source>Gạch người số …; phiếu theo cột: cột 1 … k của dòng</source>
        <translation>Strike candidate number …; on column ballots: column 1 … k of the row</translation>
    </message>
    <message>
        <source>Thêm dấu thứ hai vào dòng (phiếu theo cột)</source>
        <translation>Add a second mark to the row (column ballots)</translation>
    </message>
    <message>
        <source>Để trống dòng (phiếu theo cột)</source>
        <translation>Leave the row blank (column ballots)</translation>
    </message>
    <message>
        <source>Lùi một dòng</source>
        <translation>Back one row</translation>
    </message>
    <message>
        <source>Sang ô điểm sau (phiếu chấm điểm)</source>
        <translation>Next score field (scoring ballots)</translation>
    </message>
    <message>
        <source>Ghi phiếu</source>
        <translation>Save the ballot</translation>
    </message>
    <message>
        <source>Bỏ phiếu đang nhập</source>
        <translation>Drop the ballot being keyed</translation>
    </message>
    <message>
        <source>Phiếu không hợp lệ về hình thức (chọn lý do)</source>
        <translation>Ballot invalid on its face (choose the reason)</translation>
    </message>
    <message>
        <source>Sửa một phiếu đã nhập (hỏi lý do)</source>
        <translation>Correct an entered ballot (asks why)</translation>
    </message>
    <message>
        <source>Ban kiểm phiếu kết luận lại một phiếu</source>
        <translation>The committee&apos;s ruling on a ballot</translation>
    </message>
    <message>
        <source>Hoàn tác phiếu vừa ghi (hỏi lại, nêu số phiếu)</source>
        <translation>Undo the ballot just saved (asks, naming it)</translation>
    </message>
    <message>
        <source>Quét phiếu, hàng chờ</source>
        <translation>Scanning, review queue</translation>
    </message>
    <message>
        <source>Đổi ô đang chọn: có dấu / không</source>
        <translation>Toggle the current box: marked / not</translation>
    </message>
    <message>
        <source>Xác nhận cả trang</source>
        <translation>Confirm the whole page</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>Màn hình chiếu</source>
        <translation>Projector view</translation>
    </message>
    <message>
        <source>Nội dung sau / trước</source>
        <translation>Next / previous poll</translation>
    </message>
    <message>
        <source>Nội dung đầu / cuối</source>
        <translation>First / last poll</translation>
    </message>
    <message>
        <source>Đóng màn hình chiếu</source>
        <translation>Close the projector view</translation>
    </message>
    <message>
        <source>Ở đâu</source>
        <translation>Where</translation>
    </message>
    <message>
        <source>Phím</source>
        <translation>Keys</translation>
    </message>
    <message>
        <source>Làm gì</source>
        <translation>What it does</translation>
    </message>
    <message>
        <source>Trợ giúp — KiểmPhiếu</source>
        <translation>Help — KiểmPhiếu</translation>
    </message>
    <message>
        <source>Không tìm thấy hướng dẫn sử dụng (README.md) bên cạnh chương trình.</source>
        <translation>The user guide (README.md) was not found beside the program.</translation>
    </message>
    <message>
        <source>Hướng dẫn sử dụng</source>
        <translation>User guide (in Vietnamese)</translation>
    </message>
    <message>
        <source>Phím tắt</source>
        <translation>Keys</translation>
    </message>
</context>
<context>
    <name>kind</name>
    <message>
        <source>Bầu cử</source>
        <translation>Election</translation>
    </message>
    <message>
        <source>Tín nhiệm</source>
        <translation>Confidence vote</translation>
    </message>
    <message>
        <source>Đánh giá, xếp loại</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <source>Chấm điểm</source>
        <translation>Scoring</translation>
    </message>
    <message>
        <source>Biểu quyết</source>
        <translation>Motion</translation>
    </message>
    <message>
        <source>Giới thiệu nhân sự</source>
        <translation>Nomination</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Chưa ghi</source>
        <extracomment>The left column&apos;s width on a wide window, and the poll list&apos;s width below which its status column goes: a narrow list keeps its titles readable (walk 17h: a 225-px column on a 1366-px window showed the titles a word a line).</extracomment>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>Ghi lại trước khi đóng?</source>
        <translation>Save before closing?</translation>
    </message>
    <message>
        <source>&amp;Ghi</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>&amp;Không ghi</source>
        <translation>&amp;Don&apos;t save</translation>
    </message>
    <message>
        <source>&amp;Hủy</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>&lt;b&gt;Các bước&lt;/b&gt;</source>
        <translation>&lt;b&gt;Steps&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Nội d&amp;ung bỏ phiếu&lt;/b&gt; (chọn để làm việc)</source>
        <translation>&lt;b&gt;P&amp;olls&lt;/b&gt; (select one to work on)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Tệp chỉ cho đọc.&lt;/b&gt; Xem được thông tin, kết quả, biên bản nháp và kiểm tra toàn vẹn; mọi thao tác ghi (nhập phiếu, sửa, lập biên bản chính thức…) đều bị từ chối. Muốn làm tiếp, hãy chép tệp sang một thư mục ghi được rồi mở bản chép.</source>
        <translation>&lt;b&gt;Read-only file.&lt;/b&gt; Information, results, draft minutes and integrity checks work; every change (entering ballots, corrections, final minutes…) is refused. To go on, copy the file to a folder you can write to and open the copy.</translation>
    </message>
    <message>
        <source>Chưa sao lưu được ({why}); tệp hội nghị vẫn an toàn.</source>
        <translation>Backup not made ({why}); the meeting file itself is safe.</translation>
    </message>
    <message>
        <source>Chưa ghi được mã neo ({why}); tệp hội nghị vẫn an toàn.</source>
        <translation>Anchor code not written ({why}); the meeting file itself is safe.</translation>
    </message>
    <message>
        <source>Lưu tệp hội nghị</source>
        <translation>Save meeting file</translation>
    </message>
    <message>
        <source>Tệp hội nghị (*.kiemphieu)</source>
        <translation>Meeting files (*.kiemphieu)</translation>
    </message>
    <message>
        <source>Mở tệp hội nghị</source>
        <translation>Open meeting file</translation>
    </message>
    <message>
        <source>Tệp hội nghị (*.kiemphieu);;Mọi tệp (*)</source>
        <translation>Meeting files (*.kiemphieu);;All files (*)</translation>
    </message>
    <message>
        <source>Đang dựng hội nghị mẫu…</source>
        <translation>Building the demo meeting…</translation>
    </message>
    <message>
        <source>Ngôn ngữ mới có hiệu lực khi mở lại chương trình. / The new language applies after a restart.</source>
        <translation>The new language applies after a restart. / Ngôn ngữ mới có hiệu lực khi mở lại chương trình.</translation>
    </message>
    <message>
        <source>Mã PIN Trưởng ban</source>
        <translation>Head&apos;s PIN</translation>
    </message>
    <message>
        <source>Mã PIN hiện tại:</source>
        <translation>Current PIN:</translation>
    </message>
    <message>
        <source>Mã PIN mới (4 đến 12 chữ số). Kết luận lại phiếu, sửa phiếu, lập biên bản chính thức và mở lại sẽ cần mã này:</source>
        <translation>New PIN (4 to 12 digits). Rulings, corrections, final minutes and reopening will ask for it:</translation>
    </message>
    <message>
        <source>Đã đặt mã PIN của Trưởng ban.</source>
        <translation>The head&apos;s PIN is set.</translation>
    </message>
    <message>
        <source>Tệp ghi mã neo (nên đặt trên USB, ngoài máy)</source>
        <translation>File for the anchor codes (best on a USB stick, off this computer)</translation>
    </message>
    <message>
        <source>Tệp mã neo (*.neo.txt);;Mọi tệp (*)</source>
        <translation>Anchor code files (*.neo.txt);;All files (*)</translation>
    </message>
    <message>
        <source>Người thao tác</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Họ tên người thao tác trên máy này:</source>
        <translation>Full name of the operator at this computer:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Máy {host} đã mở tệp này để ghi&lt;/b&gt; trong lúc máy này tạm dừng ({minutes} phút).</source>
        <translation>&lt;b&gt;Computer {host} has opened this file for writing&lt;/b&gt; while this computer was paused ({minutes} min).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Máy này đã tạm dừng {minutes} phút&lt;/b&gt; (ngủ hoặc bị treo) và dấu đang mở tệp không còn là của nó: trong lúc đó một máy khác có thể đã ghi vào tệp.</source>
        <translation>&lt;b&gt;This computer was paused for {minutes} min&lt;/b&gt; (asleep or frozen) and the file&apos;s open marker is no longer its own: another computer may have written to the file meanwhile.</translation>
    </message>
    <message>
        <source>Để hai máy không cùng ghi làm hỏng tệp, cửa sổ này từ giờ chỉ đọc tệp: mọi thao tác ghi đều bị từ chối. Hãy đóng tệp rồi mở lại (nếu máy khác đang mở, chương trình sẽ báo) và kiểm tra toàn vẹn.</source>
        <translation>So that two computers never write the file at once and damage it, this window only reads the file from now on: every write is refused. Close the file and open it again (if another computer has it open, you will be told) and check its integrity.</translation>
    </message>
    <message>
        <source>Chưa mở hội nghị nào.</source>
        <translation>No meeting open.</translation>
    </message>
    <message>
        <source>Mã neo: {code}</source>
        <translation>Anchor: {code}</translation>
    </message>
    <message>
        <source>Mã neo của nhật ký. Ghi nó ra giấy: kiemphieu verify TỆP --anchor MÃ chứng minh sau này tệp chỉ được ghi thêm, không bị sửa hay dựng lại. Các mã cũng được ghi vào {path}.</source>
        <translation>The log&apos;s anchor code. Write it down on paper: kiemphieu verify FILE --anchor CODE later proves the file was only added to, not edited or rebuilt. The codes are also written to {path}.</translation>
    </message>
    <message>
        <source> (chỉ đọc)</source>
        <translation> (read-only)</translation>
    </message>
    <message>
        <source>(chưa đặt tên — menu Tùy chọn)</source>
        <translation>(not set — Options menu)</translation>
    </message>
    <message>
        <source>Người thao tác: {who}    Tệp: {path}</source>
        <translation>Operator: {who}    File: {path}</translation>
    </message>
</context>
<context>
    <name>meeting</name>
    <message>
        <source>Trường hợp không tính vào tổng số</source>
        <translation>Case not counted in the total</translation>
    </message>
    <message>
        <source>Số người</source>
        <translation>People</translation>
    </message>
    <message>
        <source>Thông tin hội nghị</source>
        <translation>Meeting details</translation>
    </message>
    <message>
        <source>Các thông tin này được in trên phiếu và trong biên bản kiểm phiếu. Sửa xong bấm Ghi (Ctrl+S).</source>
        <translation>These details are printed on the ballots and in the counting minutes. When done, click Save (Ctrl+S).</translation>
    </message>
    <message>
        <source>Đại hội đại biểu Đảng bộ xã … lần thứ …, nhiệm kỳ …</source>
        <translation>… Commune Party Congress, … session, term …</translation>
    </message>
    <message>
        <source>ĐẢNG BỘ XÃ … (in ở góc trái phiếu, chỗ đóng dấu)</source>
        <translation>… COMMUNE PARTY ORGANISATION (printed top left on the ballot, where the stamp goes)</translation>
    </message>
    <message>
        <source>ĐẢNG BỘ HUYỆN … (không bắt buộc)</source>
        <translation>… DISTRICT PARTY ORGANISATION (optional)</translation>
    </message>
    <message>
        <source>Tên hội nghị:</source>
        <translation>Meeting name:</translation>
    </message>
    <message>
        <source>Tổ chức (cấp ủy triệu tập):</source>
        <translation>Convening body:</translation>
    </message>
    <message>
        <source>Cấp ủy cấp trên:</source>
        <translation>Superior party committee:</translation>
    </message>
    <message>
        <source>Đại hội đại biểu lần thứ … (không bắt buộc)</source>
        <translation>… Congress of Delegates (optional)</translation>
    </message>
    <message>
        <source>2025–2030</source>
        <translation>2025–2030</translation>
    </message>
    <message>
        <source>Đại hội, hội nghị</source>
        <translation>Congress or meeting</translation>
    </message>
    <message>
        <source>Đại hội (lần thứ):</source>
        <translation>Congress (session):</translation>
    </message>
    <message>
        <source>Nhiệm kỳ:</source>
        <translation>Term:</translation>
    </message>
    <message>
        <source>Địa điểm:</source>
        <translation>Place:</translation>
    </message>
    <message>
        <source>Ngày:</source>
        <translation>Date:</translation>
    </message>
    <message>
        <source>Cách biên bản gọi những người được triệu tập</source>
        <translation>How the minutes refer to the people convened</translation>
    </message>
    <message>
        <source>Tham dự</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <source>Người được triệu tập là:</source>
        <translation>People convened are:</translation>
    </message>
    <message>
        <source>Số được triệu tập:</source>
        <translation>Convened:</translation>
    </message>
    <message>
        <source>Số có mặt:</source>
        <translation>Present:</translation>
    </message>
    <message>
        <source>Số vắng mặt:</source>
        <translation>Absent:</translation>
    </message>
    <message>
        <source>Mẫu số để tính quá một nửa khi bầu cử (Quy định 190-QĐ/TW, Điều 30)</source>
        <translation>The base for the more-than-half majority in elections (Regulation 190-QĐ/TW, Article 30)</translation>
    </message>
    <message>
        <source>Mẫu số bầu cử:</source>
        <translation>Election base:</translation>
    </message>
    <message>
        <source>Các trường hợp không tính vào tổng số (mẫu số để tính trúng cử)</source>
        <translation>Cases not counted in the total (the base for being elected)</translation>
    </message>
    <message>
        <source>Theo Quy định 190-QĐ/TW (Điều 30), người trúng cử phải được quá một nửa tổng số đại biểu chính thức (đảng viên chính thức) được triệu tập, trừ: đại biểu chính thức vắng mặt suốt thời gian đại hội không có dự khuyết thay thế, cấp ủy viên cấp triệu tập vắng mặt suốt đại hội; ở đại hội đảng viên: đảng viên sinh hoạt tạm thời ở đảng bộ khác, được miễn sinh hoạt mà không có mặt, bị đình chỉ sinh hoạt, bị khởi tố, truy tố, tạm giam, vắng mặt suốt đại hội có lý do được cấp ủy triệu tập đồng ý.</source>
        <translation>Under Regulation 190-QĐ/TW (Article 30), a candidate is elected with more than half of all full delegates (full party members) convened, not counting: full delegates absent for the whole congress with no alternate replacing them, and members of the convening party committee absent for the whole congress; at a congress of party members also: members temporarily attached to another party organisation, members exempted from party activities who are not present, members suspended from party activities, prosecuted, indicted or detained, and members absent for the whole congress for a reason the convening committee accepted.</translation>
    </message>
    <message>
        <source>Thêm trường hợp</source>
        <translation>Add case</translation>
    </message>
    <message>
        <source>Xóa trường hợp</source>
        <translation>Delete case</translation>
    </message>
    <message>
        <source>Ghi thông tin hội nghị</source>
        <translation>Save meeting details</translation>
    </message>
    <message>
        <source>Ghi mọi thông tin trên trang này (Ctrl+S)</source>
        <translation>Save everything on this page (Ctrl+S)</translation>
    </message>
    <message>
        <source>Đang đọc thông tin hội nghị…</source>
        <translation>Reading the meeting details…</translation>
    </message>
    <message>
        <source>Có thay đổi chưa ghi.</source>
        <translation>There are unsaved changes.</translation>
    </message>
    <message>
        <source>&lt;b&gt;{n}&lt;/b&gt; (được triệu tập − có mặt)</source>
        <translation>&lt;b&gt;{n}&lt;/b&gt; (convened − present)</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b00020&apos;&gt;Số có mặt lớn hơn số được triệu tập&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b00020&apos;&gt;More people present than convened&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{colour}&apos;&gt;&lt;b&gt;{base}&lt;/b&gt;&lt;/span&gt; = {convened} − {excluded} (được triệu tập − không tính)</source>
        <translation>&lt;span style=&apos;color:{colour}&apos;&gt;&lt;b&gt;{base}&lt;/b&gt;&lt;/span&gt; = {convened} − {excluded} (convened − not counted)</translation>
    </message>
    <message>
        <source>Thông tin hội nghị có thay đổi chưa ghi.</source>
        <translation>The meeting details have unsaved changes.</translation>
    </message>
    <message>
        <source>Đã ghi thông tin hội nghị.</source>
        <translation>Meeting details saved.</translation>
    </message>
    <message>
        <source>Không có thay đổi để ghi.</source>
        <translation>Nothing has changed; nothing to save.</translation>
    </message>
</context>
<context>
    <name>menu</name>
    <message>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Tạo hội &amp;nghị mới…</source>
        <translation>&amp;New meeting…</translation>
    </message>
    <message>
        <source>&amp;Mở…</source>
        <translation>&amp;Open…</translation>
    </message>
    <message>
        <source>Mở hội nghị mẫ&amp;u</source>
        <translation>Open the &amp;demo meeting</translation>
    </message>
    <message>
        <source>Đón&amp;g hội nghị</source>
        <translation>&amp;Close meeting</translation>
    </message>
    <message>
        <source>&amp;Thoát</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <source>Đ&amp;i tới</source>
        <translation>&amp;Go</translation>
    </message>
    <message>
        <source>Người &amp;thao tác…</source>
        <translation>&amp;Operator…</translation>
    </message>
    <message>
        <source>Tùy &amp;chọn</source>
        <translation>Op&amp;tions</translation>
    </message>
    <message>
        <source>Mã PIN Trưởng ban…</source>
        <translation>Head&apos;s PIN…</translation>
    </message>
    <message>
        <source>Nơi ghi mã neo (USB)…</source>
        <translation>Where to write anchor codes (USB)…</translation>
    </message>
    <message>
        <source>Ngôn ngữ / Language</source>
        <translation>Language / Ngôn ngữ</translation>
    </message>
    <message>
        <source>&amp;Giới thiệu</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <source>KiểmPhiếu {version} — phần mềm kiểm phiếu offline cho hội nghị cán bộ.</source>
        <translation>KiểmPhiếu {version} — offline ballot counting for party and staff meetings.</translation>
    </message>
    <message>
        <source>Trợ &amp;giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Hướng dẫn sử dụng</source>
        <translation>&amp;User guide</translation>
    </message>
    <message>
        <source>&amp;Phím tắt</source>
        <translation>&amp;Keys</translation>
    </message>
</context>
<context>
    <name>minutes</name>
    <message>
        <source>Chưa có số phiếu phát ra: in phiếu từ chương trình, hoặc ghi số phiếu phát ra của nội dung này.</source>
        <translation>No number of ballots issued: print the ballots from this program, or enter the number issued for this poll.</translation>
    </message>
    <message>
        <source>Chưa ghi số phiếu thu về do Ban kiểm phiếu đếm trước khi mở hòm phiếu.</source>
        <translation>The number of ballots collected, counted by the committee before opening the ballot box, has not been entered.</translation>
    </message>
    <message>
        <source>Biên bản kiểm phiếu</source>
        <translation>Counting minutes</translation>
    </message>
    <message>
        <source>Biên bản chính thức chỉ lập được khi các số liệu khớp nhau. Lập biên bản sẽ kết thúc kiểm phiếu nội dung này: phiếu được khóa, không nhập hay in thêm. Bản nháp không kết thúc gì và ghi rõ “bản nháp” trên mọi trang.</source>
        <translation>Official minutes can only be made when the figures agree. Making the minutes closes the count of this poll: its ballots are locked, none can be entered or printed. A draft closes nothing and says “draft” on every page.</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>&amp;Mở lại để sửa…</source>
        <translation>&amp;Reopen to correct…</translation>
    </message>
    <message>
        <source>Mở lại nội dung đã kết thúc để sửa; biên bản lập sau đó là bản sửa, ghi lý do mở lại.</source>
        <translation>Reopen a closed poll to correct it; minutes made afterwards are a corrected revision that states why.</translation>
    </message>
    <message>
        <source>Đối chiếu số liệu</source>
        <translation>Figures check</translation>
    </message>
    <message>
        <source>&amp;Lập biên bản (PDF + Excel)…</source>
        <translation>&amp;Make minutes (PDF + Excel)…</translation>
    </message>
    <message>
        <source>Bản &amp;nháp…</source>
        <translation>&amp;Draft…</translation>
    </message>
    <message>
        <source>In &amp;biên bản…</source>
        <translation>&amp;Print minutes…</translation>
    </message>
    <message>
        <source>Biên bản đã lập</source>
        <translation>Minutes made</translation>
    </message>
    <message>
        <source>Mở tệp &amp;PDF</source>
        <translation>Open PDF fi&amp;le</translation>
    </message>
    <message>
        <source>Chưa chọn nội dung bỏ phiếu (chọn ở danh sách bên trái).</source>
        <translation>No poll selected (choose one in the list on the left).</translation>
    </message>
    <message>
        <source>, lần {n}</source>
        <translation>, round {n}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;{round} — mã {code}</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt;{round} — code {code}</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:{colour}&apos;&gt;{status}&lt;/b&gt;</source>
        <translation>&lt;b style=&apos;color:{colour}&apos;&gt;{status}&lt;/b&gt;</translation>
    </message>
    <message>
        <source> — đã nhập {entered} phiếu, thu về {collected}, phát ra {issued}.</source>
        <translation> — {entered} ballots entered, {collected} collected, {issued} issued.</translation>
    </message>
    <message>
        <source>Biên bản (bản số {revision}) lập lúc {at} (người lập: {who}).</source>
        <translation>Minutes revision {revision}, made at {at} (by {who}).</translation>
    </message>
    <message>
        <source>Lý do mở lại lần trước: {reason}</source>
        <translation>Reason for the last reopening: {reason}</translation>
    </message>
    <message>
        <source>Muốn sửa số liệu hay phiếu phải &lt;b&gt;mở lại&lt;/b&gt; nội dung này và ghi lý do; biên bản lập sau đó là bản sửa, có số bản mới.</source>
        <translation>To change figures or ballots, &lt;b&gt;reopen&lt;/b&gt; this poll and give a reason; minutes made afterwards are a corrected revision with a new number.</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#2e7d32&apos;&gt;✓ &lt;b&gt;Số liệu đã khớp&lt;/b&gt;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#2e7d32&apos;&gt;✓ &lt;b&gt;The figures agree&lt;/b&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source> — biên bản đã lập.</source>
        <translation> — minutes made.</translation>
    </message>
    <message>
        <source> — có thể lập biên bản.</source>
        <translation> — the minutes can be made.</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#a33&apos;&gt;✗ &lt;b&gt;Chưa lập được biên bản:&lt;/b&gt;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#a33&apos;&gt;✗ &lt;b&gt;The minutes cannot be made yet:&lt;/b&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Phiếu {key}: nhập lúc {at} tại máy {station} (người nhập: {operator})</source>
        <translation>Ballot {key}: entered at {at} on station {station} (by {operator})</translation>
    </message>
    <message>
        <source>Phiếu không có mã QR được Ban kiểm phiếu xác nhận nhận vào: &lt;b&gt;{n}&lt;/b&gt; ({keys})</source>
        <translation>Ballots without a QR code accepted by the counting committee: &lt;b&gt;{n}&lt;/b&gt; ({keys})</translation>
    </message>
    <message>
        <source>Biên bản (bản số {revision}) đã lập. Tệp chưa được lưu trong phiên làm việc này: bấm Lập biên bản để lưu lại bản này (không đổi số bản).</source>
        <translation>Minutes revision {revision} has been made. Its file was not saved in this session: click Make minutes to save this revision again (the number stays the same).</translation>
    </message>
    <message>
        <source>Chưa lập biên bản trong phiên làm việc này.</source>
        <translation>No minutes made in this session.</translation>
    </message>
    <message>
        <source>Bản nháp (không có số bản)</source>
        <translation>Draft (no revision number)</translation>
    </message>
    <message>
        <source>Biên bản (bản số {n})</source>
        <translation>Minutes revision {n}</translation>
    </message>
    <message>
        <source>, {pages} trang</source>
        <translation>, {pages} pages</translation>
    </message>
    <message>
        <source>Tệp PDF: {path}</source>
        <translation>PDF file: {path}</translation>
    </message>
    <message>
        <source>Tệp Excel: {path}</source>
        <translation>Excel file: {path}</translation>
    </message>
    <message>
        <source>Mã kiểm tra kết quả (in ở chân mỗi trang biên bản): &lt;b&gt;{head}&lt;/b&gt;{tail}</source>
        <translation>Results check code (printed at the foot of every page of the minutes): &lt;b&gt;{head}&lt;/b&gt;{tail}</translation>
    </message>
    <message>
        <source>Chưa lập được biên bản</source>
        <translation>The minutes cannot be made yet</translation>
    </message>
    <message>
        <source>Các số liệu chưa khớp:</source>
        <translation>The figures do not agree:</translation>
    </message>
    <message>
        <source>Có thể lập bản nháp để đối chiếu.</source>
        <translation>You can make a draft to compare.</translation>
    </message>
    <message>
        <source>Lập biên bản chính thức</source>
        <translation>Make the official minutes</translation>
    </message>
    <message>
        <source>Lập biên bản sẽ kết thúc kiểm phiếu “{title}”: không nhập thêm, không in thêm phiếu. Muốn sửa sau đó phải mở lại và ghi lý do.

Tiếp tục?</source>
        <translation>Making the minutes closes the count of “{title}”: no more ballots can be entered or printed. Any later correction means reopening it with a reason.

Continue?</translation>
    </message>
    <message>
        <source>Đang lập bản nháp biên bản…</source>
        <translation>Making the draft minutes…</translation>
    </message>
    <message>
        <source>Đang lập biên bản…</source>
        <translation>Making the minutes…</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Lưu biên bản (tệp Excel tổng hợp được lưu cạnh, cùng tên)</source>
        <translation>Save the minutes (the Excel summary is saved beside it, same name)</translation>
    </message>
    <message>
        <source>Lưu bản nháp biên bản</source>
        <translation>Save the draft minutes</translation>
    </message>
    <message>
        <source>bản nháp biên bản</source>
        <translation>the draft minutes</translation>
    </message>
    <message>
        <source>biên bản (bản số {n})</source>
        <translation>minutes revision {n}</translation>
    </message>
    <message>
        <source>Đã lưu {what}.</source>
        <translation>Saved {what}.</translation>
    </message>
    <message>
        <source>Biên bản {title}</source>
        <translation>Minutes: {title}</translation>
    </message>
    <message>
        <source>Đang in biên bản…</source>
        <translation>Printing the minutes…</translation>
    </message>
    <message>
        <source>In chưa xong</source>
        <translation>Printing incomplete</translation>
    </message>
    <message>
        <source>Đã dừng sau {n}/{total} trang.</source>
        <translation>Stopped after {n}/{total} pages.</translation>
    </message>
    <message>
        <source>Tệp PDF của biên bản: {path}</source>
        <translation>PDF file of the minutes: {path}</translation>
    </message>
    <message>
        <source>Mở lại để sửa</source>
        <translation>Reopen to correct</translation>
    </message>
    <message>
        <source>Lý do mở lại “{title}” (ghi vào nhật ký và in trên biên bản sửa):</source>
        <translation>Reason for reopening “{title}” (logged and printed on the corrected minutes):</translation>
    </message>
</context>
<context>
    <name>nav</name>
    <message>
        <source>Ban kiểm phiếu</source>
        <translation>Counting committee</translation>
    </message>
    <message>
        <source>Nhập phiếu</source>
        <translation>Ballot entry</translation>
    </message>
    <message>
        <source>Thông tin hội nghị</source>
        <translation>Meeting details</translation>
    </message>
    <message>
        <source>Biên bản</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <source>Nội dung bỏ phiếu</source>
        <translation>Polls</translation>
    </message>
    <message>
        <source>In phiếu</source>
        <translation>Print ballots</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>Quét phiếu</source>
        <translation>Scanning</translation>
    </message>
</context>
<context>
    <name>new</name>
    <message>
        <source>Tạo hội nghị mới</source>
        <translation>New meeting</translation>
    </message>
    <message>
        <source>Đại hội đại biểu Đảng bộ xã … lần thứ …, nhiệm kỳ 2025–2030</source>
        <translation>… Commune Party Congress, … session, term 2025–2030</translation>
    </message>
    <message>
        <source>ĐẢNG BỘ XÃ …</source>
        <translation>… COMMUNE PARTY ORGANISATION</translation>
    </message>
    <message>
        <source>Tên hội nghị:</source>
        <translation>Meeting name:</translation>
    </message>
    <message>
        <source>Tổ chức (cấp ủy):</source>
        <translation>Organisation (party committee):</translation>
    </message>
    <message>
        <source>Cấp trên:</source>
        <translation>Superior body:</translation>
    </message>
    <message>
        <source>Địa điểm:</source>
        <translation>Place:</translation>
    </message>
    <message>
        <source>Ngày:</source>
        <translation>Date:</translation>
    </message>
    <message>
        <source>Số được triệu tập:</source>
        <translation>Convened:</translation>
    </message>
    <message>
        <source>Số có mặt:</source>
        <translation>Present:</translation>
    </message>
</context>
<context>
    <name>polls</name>
    <message>
        <source>Nội dung</source>
        <translation>Poll</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Phiếu</source>
        <translation>Ballots</translation>
    </message>
    <message>
        <source> (lần {n})</source>
        <translation> (round {n})</translation>
    </message>
    <message>
        <source>{title}
{kind} · mã: {code} · hợp lệ {valid}, không hợp lệ {invalid}</source>
        <translation>{title}
{kind} · code: {code} · valid {valid}, invalid {invalid}</translation>
    </message>
    <message>
        <source>Bầu cử (gạch tên, hoặc Đồng ý / Không đồng ý)</source>
        <translation>Election (strike names, or Agree / Disagree)</translation>
    </message>
    <message>
        <source>Lấy phiếu tín nhiệm</source>
        <translation>Confidence vote</translation>
    </message>
    <message>
        <source>Đánh giá, xếp loại chất lượng (4 mức)</source>
        <translation>Performance evaluation (4 levels)</translation>
    </message>
    <message>
        <source>Chấm điểm theo tiêu chí</source>
        <translation>Scoring by criteria</translation>
    </message>
    <message>
        <source>Biểu quyết thông qua</source>
        <translation>Motion (approve or not)</translation>
    </message>
    <message>
        <source>Giới thiệu nhân sự (ghi tên)</source>
        <translation>Nomination (write in names)</translation>
    </message>
    <message>
        <source>Số cần bầu:</source>
        <translation>Seats:</translation>
    </message>
    <message>
        <source>Số tên được ghi tối đa:</source>
        <translation>Max. names per ballot:</translation>
    </message>
    <message>
        <source>Danh sách bầu cử</source>
        <translation>Candidates</translation>
    </message>
    <message>
        <source>Người được lấy phiếu tín nhiệm</source>
        <translation>People subject to the confidence vote</translation>
    </message>
    <message>
        <source>Người được đánh giá, xếp loại</source>
        <translation>People being evaluated</translation>
    </message>
    <message>
        <source>Người được chấm điểm</source>
        <translation>People being scored</translation>
    </message>
    <message>
        <source>Các nội dung biểu quyết</source>
        <translation>Motions</translation>
    </message>
    <message>
        <source>Người đủ điều kiện được giới thiệu (không bắt buộc)</source>
        <translation>People eligible for nomination (optional)</translation>
    </message>
    <message>
        <source>Danh sách</source>
        <translation>List</translation>
    </message>
    <message>
        <source>Không giới hạn</source>
        <translation>No limit</translation>
    </message>
    <message>
        <source>Hoàn thành tốt</source>
        <translation>Good</translation>
    </message>
    <message>
        <source>Hoàn thành</source>
        <translation>Fulfilled</translation>
    </message>
    <message>
        <source>Không hoàn thành</source>
        <translation>Not fulfilled</translation>
    </message>
    <message>
        <source>Nội dung biểu quyết</source>
        <translation>Motion</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Năm sinh</source>
        <translation>Born</translation>
    </message>
    <message>
        <source>Chức vụ, đơn vị công tác</source>
        <translation>Position, workplace</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Đứng đầu</source>
        <translation>Head</translation>
    </message>
    <message>
        <source>Người đứng đầu tập thể: không được xếp mức cao hơn tập thể</source>
        <translation>Head of the collective: cannot be rated above the collective</translation>
    </message>
    <message>
        <source>Mức cao nhất</source>
        <translation>Highest level</translation>
    </message>
    <message>
        <source>Mức cao nhất được xếp, khi điều kiện của người này chỉ cho phép đến một mức</source>
        <translation>The highest level allowed, when this person&apos;s circumstances cap the rating</translation>
    </message>
    <message>
        <source>Tiêu chí</source>
        <translation>Criterion</translation>
    </message>
    <message>
        <source>Điểm tối đa</source>
        <translation>Max. points</translation>
    </message>
    <message>
        <source>Mã: {code} · {count} dòng trong danh sách</source>
        <translation>Code: {code} · {count} rows in the list</translation>
    </message>
    <message>
        <source>Có thay đổi chưa ghi</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>Thêm nội dung bỏ phiếu</source>
        <translation>Add poll</translation>
    </message>
    <message>
        <source>Bầu Ban Chấp hành Đảng bộ … khóa …, nhiệm kỳ …</source>
        <translation>Election of the … Party Executive Committee, … tenure, term …</translation>
    </message>
    <message>
        <source>Mã ngắn để gọi nội dung này (chữ không dấu, số, - _ .); in trong mã QR, không đổi được.</source>
        <translation>A short code for this poll (letters without accents, digits, - _ .); printed in the QR code, cannot be changed.</translation>
    </message>
    <message>
        <source>Loại phiếu:</source>
        <translation>Ballot type:</translation>
    </message>
    <message>
        <source>Tên nội dung:</source>
        <translation>Poll title:</translation>
    </message>
    <message>
        <source>Mã:</source>
        <translation>Code:</translation>
    </message>
    <message>
        <source>Hồ sơ quy tắc:</source>
        <translation>Rule profile:</translation>
    </message>
    <message>
        <source>Danh sách (ứng cử viên, người được lấy phiếu, nội dung biểu quyết…) nhập sau khi thêm.</source>
        <translation>The list (candidates, people voted on, motions…) is entered after adding the poll.</translation>
    </message>
    <message>
        <source>Thêm</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Mã &apos;{code}&apos; đã có trong hội nghị.</source>
        <translation>The meeting already has a poll with code &apos;{code}&apos;.</translation>
    </message>
    <message>
        <source>Nhập danh sách từ Excel</source>
        <translation>Import list from Excel</translation>
    </message>
    <message>
        <source>Đọc được &lt;b&gt;{n}&lt;/b&gt; người từ tệp &lt;b&gt;{file}&lt;/b&gt;.</source>
        <translation>Read &lt;b&gt;{n}&lt;/b&gt; people from &lt;b&gt;{file}&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>Danh sách hiện có ({m} dòng) sẽ được thay bằng danh sách này.</source>
        <translation>The current list ({m} rows) will be replaced by this one.</translation>
    </message>
    <message>
        <source>Thay danh sách</source>
        <translation>Replace list</translation>
    </message>
    <message>
        <source>Không</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Nội dung bỏ phiếu</source>
        <translation>Polls</translation>
    </message>
    <message>
        <source>Danh sách, số cần bầu và quy tắc chỉ sửa được khi chưa in phiếu và chưa nhập phiếu. Ctrl+S ghi mọi thay đổi.</source>
        <translation>The list, the seats and the rules can only be changed before ballots are printed or entered. Ctrl+S saves all changes.</translation>
    </message>
    <message>
        <source>Thêm &amp;dòng</source>
        <translation>Add &amp;row</translation>
    </message>
    <message>
        <source>Xóa dò&amp;ng</source>
        <translation>Delete ro&amp;w</translation>
    </message>
    <message>
        <source>Xếp &amp;vần A, B, C</source>
        <translation>&amp;Sort A–Z</translation>
    </message>
    <message>
        <source>Nhập từ &amp;Excel…</source>
        <translation>Import from &amp;Excel…</translation>
    </message>
    <message>
        <source>Đã ghi thiết lập của nội dung “{title}”.</source>
        <translation>Settings of “{title}” saved.</translation>
    </message>
    <message>
        <source>Đã ghi danh sách của nội dung “{title}”.</source>
        <translation>List of “{title}” saved.</translation>
    </message>
    <message>
        <source>Đã ghi tiêu chí chấm điểm của nội dung “{title}”.</source>
        <translation>Scoring criteria of “{title}” saved.</translation>
    </message>
    <message>
        <source>Đã xóa nội dung “{title}”.</source>
        <translation>“{title}” deleted.</translation>
    </message>
    <message>
        <source>Thêm một nội dung bỏ phiếu</source>
        <translation>Add a poll</translation>
    </message>
    <message>
        <source>&amp;Xóa</source>
        <translation>&amp;Delete</translation>
    </message>
    <message>
        <source>Xóa nội dung đang chọn (chỉ khi chưa in, chưa nhập phiếu)</source>
        <translation>Delete the selected poll (only before printing or entry)</translation>
    </message>
    <message>
        <source>Thiết lập</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Hai mức: Tín nhiệm / Không tín nhiệm (bỏ phiếu tín nhiệm)</source>
        <translation>Two levels: Confidence / No confidence (binding vote)</translation>
    </message>
    <message>
        <source>(chưa xếp loại tập thể)</source>
        <translation>(collective not rated yet)</translation>
    </message>
    <message>
        <source>Để kiểm tra người đứng đầu không được xếp mức cao hơn tập thể</source>
        <translation>Used to check that the head is not rated above the collective</translation>
    </message>
    <message>
        <source>theo sổ phiếu in</source>
        <translation>from print register</translation>
    </message>
    <message>
        <source>Chỉ nhập khi phiếu không in từ chương trình; nếu không, lấy từ sổ phiếu đã in.</source>
        <translation>Enter only when the ballots were not printed by this program; otherwise it comes from the print register.</translation>
    </message>
    <message>
        <source>Ghi thiết lập</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <source>Số phiếu phát ra:</source>
        <translation>Ballots issued:</translation>
    </message>
    <message>
        <source>Tín nhiệm:</source>
        <translation>Confidence:</translation>
    </message>
    <message>
        <source>Lấy phiếu tín nhiệm đối với cán bộ lãnh đạo, quản lý năm …</source>
        <translation>Confidence vote on leaders and managers, year …</translation>
    </message>
    <message>
        <source>Đánh giá, xếp loại chất lượng cán bộ năm …</source>
        <translation>Performance rating of cadres, year …</translation>
    </message>
    <message>
        <source>Chấm điểm cán bộ … năm …</source>
        <translation>Scoring of cadres …, year …</translation>
    </message>
    <message>
        <source>Biểu quyết thông qua Nghị quyết Đại hội …</source>
        <translation>Vote to adopt the Congress Resolution …</translation>
    </message>
    <message>
        <source>Giới thiệu nhân sự quy hoạch … nhiệm kỳ …</source>
        <translation>Nomination of candidates for the … succession plan, term …</translation>
    </message>
    <message>
        <source>Thê&amp;m…</source>
        <translation>&amp;Add…</translation>
    </message>
    <message>
        <source>Mức của tập thể:</source>
        <translation>Collective&apos;s level:</translation>
    </message>
    <message>
        <source>Xếp theo tên, rồi họ, rồi tên đệm (như danh sách bầu cử)</source>
        <translation>Sort by given name, then family name, then middle name (as on an election list)</translation>
    </message>
    <message>
        <source>Tệp .xlsx có dòng tiêu đề &apos;Họ và tên&apos;, &apos;Năm sinh&apos;, &apos;Chức vụ&apos;, &apos;Ghi chú&apos;</source>
        <translation>An .xlsx file with the header row &apos;Họ và tên&apos;, &apos;Năm sinh&apos;, &apos;Chức vụ&apos;, &apos;Ghi chú&apos; (name, birth year, position, note)</translation>
    </message>
    <message>
        <source>Ghi danh sách</source>
        <translation>Save list</translation>
    </message>
    <message>
        <source>Thêm tiêu chí</source>
        <translation>Add criterion</translation>
    </message>
    <message>
        <source>Xóa tiêu chí</source>
        <translation>Delete criterion</translation>
    </message>
    <message>
        <source>Ghi tiêu chí</source>
        <translation>Save criteria</translation>
    </message>
    <message>
        <source>Tiêu chí chấm điểm</source>
        <translation>Scoring criteria</translation>
    </message>
    <message>
        <source>Tên tiêu chí và điểm tối đa (cho phép nửa điểm, ví dụ 7,5)</source>
        <translation>Criterion names and maximum points (half points allowed, e.g. 7.5)</translation>
    </message>
    <message>
        <source>&lt;i&gt;Chưa có nội dung bỏ phiếu nào. Bấm “Thêm…” để thêm nội dung đầu tiên.&lt;/i&gt;</source>
        <translation>&lt;i&gt;No polls yet. Click “Add…” to add the first one.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>{kind} · mã {code}{round} · Trạng thái: &lt;b style=&apos;color:{colour}&apos;&gt;{status}&lt;/b&gt;</source>
        <translation>{kind} · code {code}{round} · Status: &lt;b style=&apos;color:{colour}&apos;&gt;{status}&lt;/b&gt;</translation>
    </message>
    <message>
        <source> · lần bầu {n}</source>
        <translation> · round {n}</translation>
    </message>
    <message>
        <source>đã in phiếu hoặc đã nhập phiếu nên danh sách, số cần bầu và quy tắc đã khóa; chỉ còn sửa được tên nội dung.</source>
        <translation>ballots have been printed or entered, so the list, the seats and the rules are locked; only the title can change.</translation>
    </message>
    <message>
        <source>thiết lập</source>
        <translation>settings</translation>
    </message>
    <message>
        <source>danh sách</source>
        <translation>list</translation>
    </message>
    <message>
        <source>tiêu chí</source>
        <translation>criteria</translation>
    </message>
    <message>
        <source>danh sách chưa có dòng nào</source>
        <translation>the list is empty</translation>
    </message>
    <message>
        <source>chưa có tiêu chí chấm điểm</source>
        <translation>no scoring criteria</translation>
    </message>
    <message>
        <source>Chưa in phiếu được: {what}.</source>
        <translation>Ballots cannot be printed yet: {what}.</translation>
    </message>
    <message>
        <source>Chưa ghi: {what}.</source>
        <translation>Not saved: {what}.</translation>
    </message>
    <message>
        <source>{title} · {n} dòng</source>
        <translation>{title} · {n} rows</translation>
    </message>
    <message>
        <source>Tổng điểm tối đa: &lt;b&gt;{total}&lt;/b&gt;</source>
        <translation>Maximum total: &lt;b&gt;{total}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Tiêu chí chấm điểm · {n}</source>
        <translation>Scoring criteria · {n}</translation>
    </message>
    <message>
        <source>Nội dung bỏ phiếu có thay đổi chưa ghi: {titles}.</source>
        <translation>Polls with unsaved changes: {titles}.</translation>
    </message>
    <message>
        <source>Đã xếp danh sách theo vần A, B, C.</source>
        <translation>List sorted A–Z.</translation>
    </message>
    <message>
        <source>Chọn tệp Excel danh sách</source>
        <translation>Choose the Excel list</translation>
    </message>
    <message>
        <source>Tệp Excel (*.xlsx);;Mọi tệp (*)</source>
        <translation>Excel files (*.xlsx);;All files (*)</translation>
    </message>
    <message>
        <source>Đã nhập {n} người từ {file}.</source>
        <translation>Imported {n} people from {file}.</translation>
    </message>
    <message>
        <source>Đã thêm nội dung &apos;{title}&apos;. Hãy nhập danh sách.</source>
        <translation>Poll &apos;{title}&apos; added. Now enter its list.</translation>
    </message>
    <message>
        <source>Xóa nội dung “{title}” (mã {code}) cùng danh sách của nó?</source>
        <translation>Delete the poll “{title}” (code {code}) and its list?</translation>
    </message>
    <message>
        <source>Xóa nội dung bỏ phiếu</source>
        <translation>Delete poll</translation>
    </message>
    <message>
        <source>Xóa</source>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>printer</name>
    <message>
        <source>Không đọc được tệp PDF {path}.</source>
        <translation>Cannot read the PDF file {path}.</translation>
    </message>
    <message>
        <source>Dừng in</source>
        <translation>Stop printing</translation>
    </message>
    <message>
        <source>Đang in</source>
        <translation>Printing</translation>
    </message>
    <message>
        <source>Không mở được máy in.</source>
        <translation>Cannot open the printer.</translation>
    </message>
    <message>
        <source>{label}
Trang {n}/{total}</source>
        <translation>{label}
Page {n}/{total}</translation>
    </message>
</context>
<context>
    <name>printing</name>
    <message>
        <source>In phiếu</source>
        <translation>Print ballots</translation>
    </message>
    <message>
        <source>Mỗi phiếu in ra có số phiếu và mã QR riêng, được ghi vào sổ phiếu là đã phát. Bộ phiếu thử có sẵn dấu đánh để chạy thử việc nhập, không bao giờ được đếm.</source>
        <translation>Every printed ballot has its own number and QR code and is recorded as issued in the ballot register. A test deck comes pre-marked for rehearsing ballot entry and is never counted.</translation>
    </message>
    <message>
        <source>Phiếu cần in</source>
        <translation>Ballots to print</translation>
    </message>
    <message>
        <source>Số bản in:</source>
        <translation>Copies:</translation>
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
        <source>Khổ giấy:</source>
        <translation>Paper size:</translation>
    </message>
    <message>
        <source>In hai phiếu A5 trên một tờ A4 (rồi cắt đôi)</source>
        <translation>Two A5 ballots per A4 sheet (cut in half)</translation>
    </message>
    <message>
        <source>In bộ phiếu thử thay cho phiếu thật</source>
        <translation>Print a test deck instead of real ballots</translation>
    </message>
    <message>
        <source>&amp;Lưu PDF…</source>
        <translation>&amp;Save PDF…</translation>
    </message>
    <message>
        <source>I&amp;n…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <source>Lưu ý: khi đã in phiếu thật, danh sách, số cần bầu và quy tắc của nội dung này bị khóa (chỉ còn sửa được tên nội dung). Hãy kiểm tra danh sách trước khi in.</source>
        <translation>Note: once real ballots are printed, this poll&apos;s list, seats and rules are locked (only its title can still change). Check the list before printing.</translation>
    </message>
    <message>
        <source>Sổ phiếu của nội dung này</source>
        <translation>Ballot register of this poll</translation>
    </message>
    <message>
        <source>Lần in gần nhất</source>
        <translation>Last print run</translation>
    </message>
    <message>
        <source>Xem trước trang 1</source>
        <translation>Preview of page 1</translation>
    </message>
    <message>
        <source>&amp;Mở tệp PDF</source>
        <translation>Open PDF fi&amp;le</translation>
    </message>
    <message>
        <source>Chưa chọn nội dung bỏ phiếu (chọn ở danh sách bên trái).</source>
        <translation>No poll selected (choose one in the list on the left).</translation>
    </message>
    <message>
        <source>mặc định: {present} người có mặt + {spare} phiếu dự phòng</source>
        <translation>default: {present} present + {spare} spare ballots</translation>
    </message>
    <message>
        <source>, lần {n}</source>
        <translation>, round {n}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;{round} — mã {code}, {status}</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt;{round} — code {code}, {status}</translation>
    </message>
    <message>
        <source>Nội dung này đã kết thúc kiểm phiếu: không in thêm phiếu được.</source>
        <translation>The count of this poll is closed: no more ballots can be printed.</translation>
    </message>
    <message>
        <source>Chưa in phiếu nào của nội dung này từ chương trình.</source>
        <translation>No ballots of this poll have been printed from this program yet.</translation>
    </message>
    <message>
        <source>Đã phát: &lt;b&gt;{issued}&lt;/b&gt; · đã hủy (đổi phiếu): &lt;b&gt;{spoiled}&lt;/b&gt; · chưa phát: &lt;b&gt;{unused}&lt;/b&gt; · phiếu thử: &lt;b&gt;{test}&lt;/b&gt;&lt;br&gt;Đã nhập kết quả: {entered} phiếu.</source>
        <translation>Issued: &lt;b&gt;{issued}&lt;/b&gt; · spoiled (replaced): &lt;b&gt;{spoiled}&lt;/b&gt; · not issued: &lt;b&gt;{unused}&lt;/b&gt; · test ballots: &lt;b&gt;{test}&lt;/b&gt;&lt;br&gt;Entered: {entered} ballots.</translation>
    </message>
    <message>
        <source>chưa có</source>
        <translation>none yet</translation>
    </message>
    <message>
        <source>Số phiếu phát ra dùng trong kết quả: {issued}.</source>
        <translation>Ballots issued, as used in the results: {issued}.</translation>
    </message>
    <message>
        <source>Đã in &lt;b&gt;{printed}&lt;/b&gt;: phát ra {issued} · chưa phát {unused} · hủy (đổi phiếu) {spoiled}</source>
        <translation>Printed &lt;b&gt;{printed}&lt;/b&gt;: issued {issued} · unused {unused} · spoiled (exchanged) {spoiled}</translation>
    </message>
    <message>
        <source> · trong số phát ra có {n} phiếu không có mã</source>
        <translation> · of those issued, {n} without a code</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;span style=&apos;color:#a33&apos;&gt;Chưa rõ đi đâu: &lt;b&gt;{n}&lt;/b&gt; phiếu đã in. Ghi từng phiếu chưa phát hoặc phiếu hủy khi đổi phiếu (màn hình Nhập phiếu, nút Ghi phiếu chưa phát / hủy) trước khi lập biên bản.&lt;/span&gt;</source>
        <translation>&lt;br&gt;&lt;span style=&apos;color:#a33&apos;&gt;Unaccounted for: &lt;b&gt;{n}&lt;/b&gt; printed sheets. Record each unused sheet or each sheet spoiled in an exchange (Ballot entry screen, Record unused / spoiled sheets button) before making the minutes.&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;span style=&apos;color:#a33&apos;&gt;Phát ra, chưa phát và hủy cộng lại nhiều hơn số đã in &lt;b&gt;{n}&lt;/b&gt; phiếu: kiểm tra lại số phiếu phát ra.&lt;/span&gt;</source>
        <translation>&lt;br&gt;&lt;span style=&apos;color:#a33&apos;&gt;Issued, unused and spoiled add up to &lt;b&gt;{n}&lt;/b&gt; more than were printed: check the number of ballots issued.&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;Chưa rõ đi đâu: &lt;b&gt;0&lt;/b&gt; phiếu — mọi phiếu đã in đều đã rõ.</source>
        <translation>&lt;br&gt;Unaccounted for: &lt;b&gt;0&lt;/b&gt; sheets — every printed sheet is accounted for.</translation>
    </message>
    <message>
        <source>Chưa in lần nào trong phiên làm việc này.</source>
        <translation>Nothing printed in this session yet.</translation>
    </message>
    <message>
        <source>Trang 1 của phiếu hiện ở đây sau khi lưu PDF hoặc in.</source>
        <translation>Page 1 of the ballots appears here after saving the PDF or printing.</translation>
    </message>
    <message>
        <source>Máy này chưa có thành phần xem PDF (gói PySide6-Pdf): dùng nút Mở tệp PDF để xem phiếu.</source>
        <translation>This computer lacks the PDF viewer component (the PySide6-Pdf package): use Open PDF file to see the ballots.</translation>
    </message>
    <message>
        <source>phiếu thử</source>
        <translation>test ballots</translation>
    </message>
    <message>
        <source>phiếu</source>
        <translation>ballots</translation>
    </message>
    <message>
        <source>{n} {what}, khổ {paper}{two_up}, mỗi phiếu {per} trang — {pages} trang PDF.</source>
        <translation>{n} {what}, {paper}{two_up}, {per} pages per ballot — {pages} PDF pages.</translation>
    </message>
    <message>
        <source> (hai phiếu trên một tờ A4)</source>
        <translation> (two ballots per A4 sheet)</translation>
    </message>
    <message>
        <source>Tệp PDF: {path}</source>
        <translation>PDF file: {path}</translation>
    </message>
    <message>
        <source>Mẫu vị trí cho máy quét: {path}</source>
        <translation>Position template for the scanner: {path}</translation>
    </message>
    <message>
        <source>Kết quả mong đợi của bộ phiếu thử: {path}</source>
        <translation>Expected results of the test deck: {path}</translation>
    </message>
    <message>
        <source>Mã neo nhật ký sau lần in (ghi ra giấy): {code}</source>
        <translation>Log anchor after this print (write it down): {code}</translation>
    </message>
    <message>
        <source>Không xem trước được (thiếu gói PySide6-Pdf): mở tệp PDF để xem.</source>
        <translation>No preview (the PySide6-Pdf package is missing): open the PDF file to see it.</translation>
    </message>
    <message>
        <source>Đang tạo bộ phiếu thử…</source>
        <translation>Making the test deck…</translation>
    </message>
    <message>
        <source>Đang tạo {n} phiếu…</source>
        <translation>Making {n} ballots…</translation>
    </message>
    <message>
        <source>Lưu phiếu thành tệp PDF</source>
        <translation>Save ballots as PDF</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Đã lưu {n} phiếu vào {path}.</source>
        <translation>Saved {n} ballots to {path}.</translation>
    </message>
    <message>
        <source>Phiếu {title}</source>
        <translation>Ballots: {title}</translation>
    </message>
    <message>
        <source>Máy này chưa có thành phần in trực tiếp (gói PySide6-Pdf). Chương trình sẽ tạo tệp PDF rồi mở bằng trình xem PDF của máy để in. Tiếp tục?</source>
        <translation>This computer lacks the direct printing component (the PySide6-Pdf package). The program will make a PDF file and open it in the system&apos;s PDF viewer for printing. Continue?</translation>
    </message>
    <message>
        <source>Đang gửi phiếu tới máy in…</source>
        <translation>Sending the ballots to the printer…</translation>
    </message>
    <message>
        <source>In chưa xong</source>
        <translation>Printing incomplete</translation>
    </message>
    <message>
        <source>Đã dừng sau {n}/{total} trang.</source>
        <translation>Stopped after {n}/{total} pages.</translation>
    </message>
    <message>
        <source>Các phiếu đã được ghi vào sổ phiếu là đã phát. Tệp PDF vẫn còn ở {path}: in tiếp các trang còn lại từ tệp đó, hoặc ghi các phiếu không in được là chưa phát.</source>
        <translation>The ballots are recorded as issued in the ballot register. The PDF file is still at {path}: print the remaining pages from it, or record the ballots that were not printed as not issued.</translation>
    </message>
    <message>
        <source>Đã gửi {pages} trang ({n} phiếu) tới máy in.</source>
        <translation>Sent {pages} pages ({n} ballots) to the printer.</translation>
    </message>
</context>
<context>
    <name>projector</name>
    <message>
        <source>KiểmPhiếu — Màn hình chiếu</source>
        <translation>KiểmPhiếu — Projector view</translation>
    </message>
    <message>
        <source>Hội nghị chưa có nội dung bỏ phiếu.</source>
        <translation>The meeting has no polls yet.</translation>
    </message>
    <message>
        <source>Nội dung {n}/{total}  ·  PgUp / PgDn: đổi nội dung  ·  Esc: đóng</source>
        <translation>Poll {n}/{total}  ·  PgUp / PgDn: change poll  ·  Esc: close</translation>
    </message>
    <message>
        <source> (lần {n})</source>
        <translation> (round {n})</translation>
    </message>
    <message>
        <source>KẾT QUẢ TẠM THỜI — đang kiểm phiếu</source>
        <translation>PROVISIONAL RESULT — counting in progress</translation>
    </message>
    <message>
        <source>Phát ra &lt;b&gt;{issued}&lt;/b&gt;  ·  Thu về &lt;b&gt;{collected}&lt;/b&gt;  ·  Hợp lệ &lt;b&gt;{valid}&lt;/b&gt;  ·  Không hợp lệ &lt;b&gt;{invalid}&lt;/b&gt;</source>
        <translation>Issued &lt;b&gt;{issued}&lt;/b&gt;  ·  Collected &lt;b&gt;{collected}&lt;/b&gt;  ·  Valid &lt;b&gt;{valid}&lt;/b&gt;  ·  Invalid &lt;b&gt;{invalid}&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>results</name>
    <message>
        <source>Kết quả</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>Màn &amp;hình chiếu (F11)</source>
        <translation>&amp;Projector view (F11)</translation>
    </message>
    <message>
        <source>Mở kết quả toàn màn hình cho máy chiếu; PgUp/PgDn đổi nội dung, Esc để đóng.</source>
        <translation>Show the results full screen for a projector; PgUp/PgDn change poll, Esc closes.</translation>
    </message>
    <message>
        <source>Phát ra</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>Thu về</source>
        <translation>Collected</translation>
    </message>
    <message>
        <source>Đã nhập</source>
        <translation>Entered</translation>
    </message>
    <message>
        <source>Hợp lệ</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>Không hợp lệ</source>
        <translation>Invalid</translation>
    </message>
    <message>
        <source>Chưa chọn nội dung bỏ phiếu (chọn ở danh sách bên trái).</source>
        <translation>No poll selected (choose one in the list on the left).</translation>
    </message>
    <message>
        <source>Cập nhật lúc {time} · tự cập nhật mỗi {s} giây khi đang xem</source>
        <translation>Updated at {time} · refreshes every {s} seconds while shown</translation>
    </message>
    <message>
        <source>Chưa có kết quả.</source>
        <translation>No results yet.</translation>
    </message>
    <message>
        <source>, lần {n}</source>
        <translation>, round {n}</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b36b00&apos;&gt;&lt;b&gt;KẾT QUẢ TẠM THỜI&lt;/b&gt;&lt;/span&gt; · </source>
        <translation>&lt;span style=&apos;color:#b36b00&apos;&gt;&lt;b&gt;PROVISIONAL RESULT&lt;/b&gt;&lt;/span&gt; · </translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt; — {kind}{round}, {status}. Tỷ lệ % tính trên {base} ({n}).</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt; — {kind}{round}, {status}. Percentages are of {base} ({n}).</translation>
    </message>
    <message>
        <source>bỏ phiếu tín nhiệm</source>
        <translation>binding confidence vote</translation>
    </message>
    <message>
        <source>Ban kiểm phiếu chưa ghi số phiếu thu về (màn hình Nhập phiếu, nút Ghi số phiếu).</source>
        <translation>The counting committee has not recorded the ballots collected yet (Ballot entry screen, Save counts button).</translation>
    </message>
    <message>
        <source>Không hợp lệ vì: {reasons}</source>
        <translation>Invalid because: {reasons}</translation>
    </message>
    <message>
        <source>Trúng cử</source>
        <translation>Elected</translation>
    </message>
    <message>
        <source>Không trúng cử</source>
        <translation>Not elected</translation>
    </message>
    <message>
        <source>Bằng phiếu – bầu lại</source>
        <translation>Tie – re-vote</translation>
    </message>
    <message>
        <source>Thông qua</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>Không thông qua</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Quá nửa đến dưới 2/3 tín nhiệm thấp</source>
        <translation>Low confidence from over half to under 2/3</translation>
    </message>
    <message>
        <source>Từ 2/3 trở lên tín nhiệm thấp</source>
        <translation>Low confidence from 2/3 up</translation>
    </message>
    <message>
        <source>Quá nửa không tín nhiệm</source>
        <translation>More than half no confidence</translation>
    </message>
    <message>
        <source>Chưa xác định</source>
        <translation>Not determined</translation>
    </message>
    <message>
        <source>Chưa có điểm</source>
        <translation>Not scored yet</translation>
    </message>
    <message>
        <source>Không quá nửa không tín nhiệm</source>
        <translation>Not more than half no confidence</translation>
    </message>
    <message>
        <source>Không quá nửa tín nhiệm thấp</source>
        <translation>Low confidence not over half</translation>
    </message>
    <message>
        <source>HTXS</source>
        <translation>Excellent</translation>
    </message>
    <message>
        <source>HTT</source>
        <translation>Good</translation>
    </message>
    <message>
        <source>HT</source>
        <translation>Fulfilled</translation>
    </message>
    <message>
        <source>KHT</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Hoàn thành xuất sắc nhiệm vụ</source>
        <translation>Excellently fulfilled duties</translation>
    </message>
    <message>
        <source>Hoàn thành tốt nhiệm vụ</source>
        <translation>Well fulfilled duties</translation>
    </message>
    <message>
        <source>Hoàn thành nhiệm vụ</source>
        <translation>Fulfilled duties</translation>
    </message>
    <message>
        <source>Không hoàn thành nhiệm vụ</source>
        <translation>Did not fulfil duties</translation>
    </message>
    <message>
        <source>tổng số được triệu tập trừ các trường hợp không tính</source>
        <translation>all convened, minus the cases not counted</translation>
    </message>
    <message>
        <source>tổng số được triệu tập</source>
        <translation>all convened</translation>
    </message>
    <message>
        <source>số có mặt</source>
        <translation>people present</translation>
    </message>
    <message>
        <source>số phiếu phát ra</source>
        <translation>ballots issued</translation>
    </message>
    <message>
        <source>số phiếu thu về</source>
        <translation>ballots collected</translation>
    </message>
    <message>
        <source>số phiếu hợp lệ</source>
        <translation>valid ballots</translation>
    </message>
    <message>
        <source>Biên bản được lập theo quy tắc cũ: bỏ phiếu tín nhiệm chia mức như lấy phiếu tín nhiệm (quá nửa đến dưới 2/3, từ 2/3 trở lên số phiếu Không tín nhiệm); kết quả hiện theo đúng quy tắc đó. Mở lại nội dung để lập bản sửa theo quy tắc hiện hành.</source>
        <translation>These minutes were made under an earlier rule: the binding confidence vote was banded like the confidence poll (more than half to under 2/3, 2/3 or more No-confidence votes); the result is shown under that rule. Reopen the poll to make a revision under the current rule.</translation>
    </message>
    <message>
        <source>Chưa đọc được kết quả (chi tiết trong nhật ký chương trình); sẽ thử lại.</source>
        <translation>The results could not be read yet (details in the program&apos;s log); trying again.</translation>
    </message>
    <message>
        <source>chưa ghi</source>
        <translation>not recorded</translation>
    </message>
    <message>
        <source>TT</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Nội dung</source>
        <translation>Motion</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Số phiếu</source>
        <translation>Votes</translation>
    </message>
    <message>
        <source>Tỷ lệ</source>
        <translation>Share</translation>
    </message>
    <message>
        <source>Xếp loại</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>Điểm bình quân</source>
        <translation>Mean score</translation>
    </message>
    <message>
        <source>Số phiếu chấm</source>
        <translation>Ballots scored</translation>
    </message>
    <message>
        <source>Trong danh sách</source>
        <translation>On the list</translation>
    </message>
    <message>
        <source>Có</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Không</source>
        <translation>No</translation>
    </message>
    <message>
        <source>&lt;b&gt;Kết quả tạm thời&lt;/b&gt;: đã nhập {entered}/{collected} phiếu. Chỉ có số phiếu; chưa phải kết quả trúng cử hay thông qua cho đến khi số liệu khớp (màn hình Biên bản).</source>
        <translation>&lt;b&gt;Provisional result&lt;/b&gt;: {entered}/{collected} ballots entered. Votes only; nobody is elected and nothing is passed until the numbers reconcile (Minutes screen).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Kết quả tạm thời&lt;/b&gt;: đã nhập {entered} phiếu; Ban kiểm phiếu &lt;b&gt;chưa ghi số phiếu thu về&lt;/b&gt; (màn hình Nhập phiếu, Ghi số phiếu). Chỉ có số phiếu; chưa phải kết quả trúng cử hay thông qua cho đến khi số liệu khớp (màn hình Biên bản).</source>
        <translation>&lt;b&gt;Provisional result&lt;/b&gt;: {entered} ballots entered; the counting committee has &lt;b&gt;not recorded the ballots collected&lt;/b&gt; yet (Ballot entry screen, Save counts). Votes only; nobody is elected and nothing is passed until the numbers reconcile (Minutes screen).</translation>
    </message>
    <message>
        <source>Ban kiểm phiếu đã kết luận lại {n} phiếu.</source>
        <translation>The counting committee ruled again on {n} ballots.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Trúng cử&lt;/b&gt; (theo số phiếu từ cao xuống thấp): {names}</source>
        <translation>&lt;b&gt;Elected&lt;/b&gt; (most votes first): {names}</translation>
    </message>
    <message>
        <source>không có ai</source>
        <translation>nobody</translation>
    </message>
    <message>
        <source>&lt;b&gt;Bằng phiếu ở chỉ tiêu cuối:&lt;/b&gt; bầu lại giữa {names} cho {seats} chỉ tiêu.</source>
        <translation>&lt;b&gt;Tie for the last seat:&lt;/b&gt; re-vote between {names} for {seats} seat(s).</translation>
    </message>
    <message>
        <source>Còn &lt;b&gt;{n}&lt;/b&gt;/{seats} chỉ tiêu chưa bầu được.</source>
        <translation>&lt;b&gt;{n}&lt;/b&gt;/{seats} seats are still unfilled.</translation>
    </message>
    <message>
        <source>&lt;b&gt;vượt&lt;/b&gt; mức tối đa {cap}</source>
        <translation>&lt;b&gt;over&lt;/b&gt; the limit of {cap}</translation>
    </message>
    <message>
        <source>trong mức tối đa {cap}</source>
        <translation>within the limit of {cap}</translation>
    </message>
    <message>
        <source>Số Hoàn thành xuất sắc nhiệm vụ: {n}, {words} (tính trên {good} người từ mức HTT trở lên).</source>
        <translation>Rated excellent: {n}, {words} (counted over the {good} people rated good or better).</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt; (người đứng đầu) được xếp mức cao hơn mức của tập thể.</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt; (the head) is rated above the collective.</translation>
    </message>
</context>
<context>
    <name>roles</name>
    <message>
        <source>Mã PIN Trưởng ban</source>
        <translation>Head&apos;s PIN</translation>
    </message>
    <message>
        <source>Thao tác này chỉ Trưởng ban kiểm phiếu được làm. Mã PIN:</source>
        <translation>Only the head of the counting committee may do this. PIN:</translation>
    </message>
</context>
<context>
    <name>rows</name>
    <message>
        <source>Thêm dòng</source>
        <translation>Add row</translation>
    </message>
    <message>
        <source>Xóa dòng</source>
        <translation>Delete row</translation>
    </message>
    <message>
        <source>Lên</source>
        <translation>Up</translation>
    </message>
    <message>
        <source>Xuống</source>
        <translation>Down</translation>
    </message>
    <message>
        <source>Đưa dòng đang chọn lên trên (hoặc kéo thả dòng bằng chuột)</source>
        <translation>Move the selected row up (or drag it with the mouse)</translation>
    </message>
    <message>
        <source>Đưa dòng đang chọn xuống dưới (hoặc kéo thả dòng bằng chuột)</source>
        <translation>Move the selected row down (or drag it with the mouse)</translation>
    </message>
</context>
<context>
    <name>rule_reasons</name>
    <message>
        <source>Bầu quá số lượng cần bầu</source>
        <translation>More names kept than seats to fill</translation>
    </message>
    <message>
        <source>Gạch hết tên trong danh sách bầu cử</source>
        <translation>Every name on the list crossed out</translation>
    </message>
    <message>
        <source>Không đánh dấu hoặc đánh dấu cả hai ô (phiếu bầu một người)</source>
        <translation>No box or both boxes marked (single-candidate ballot)</translation>
    </message>
    <message>
        <source>Có người không được đánh dấu ô nào hoặc được đánh dấu nhiều ô</source>
        <translation>Someone has no box or several boxes marked</translation>
    </message>
    <message>
        <source>Có điểm ngoài thang điểm của tiêu chí</source>
        <translation>A score outside the criterion&apos;s scale</translation>
    </message>
    <message>
        <source>Có điểm không đúng bước chấm điểm</source>
        <translation>A score not on the scoring step</translation>
    </message>
    <message>
        <source>Ghi quá số người được giới thiệu</source>
        <translation>More names written than people to nominate</translation>
    </message>
    <message>
        <source>Ban kiểm phiếu kết luận hợp lệ nhưng chưa nhập nội dung phiếu</source>
        <translation>Ruled valid by the counting committee but its marks are not entered yet</translation>
    </message>
    <message>
        <source>Không hợp lệ</source>
        <translation>Invalid</translation>
    </message>
    <message>
        <source>Không phải phiếu do Ban kiểm phiếu phát ra</source>
        <translation>Not a ballot issued by the counting committee</translation>
    </message>
    <message>
        <source>Phiếu không có dấu của cấp ủy (tổ chức) triệu tập</source>
        <translation>No stamp of the convening party committee (organisation)</translation>
    </message>
    <message>
        <source>Phiếu bị rách, không còn nguyên vẹn</source>
        <translation>Torn, not intact</translation>
    </message>
    <message>
        <source>Phiếu có ký tên hoặc đánh dấu ký hiệu</source>
        <translation>Signed or marked with a sign</translation>
    </message>
    <message>
        <source>Ghi thêm tên người ngoài danh sách hoặc nội dung khác</source>
        <translation>Names from outside the list or other content written in</translation>
    </message>
    <message>
        <source>Gạch xóa họ tên người được in trên phiếu</source>
        <translation>A printed name crossed out</translation>
    </message>
    <message>
        <source>{text}</source>
        <translation>{text}</translation>
    </message>
    <message>
        <source>Một tên được ghi nhiều lần trên phiếu: chỉ tính một lần.</source>
        <translation>A name is written more than once on the ballot: counted once.</translation>
    </message>
    <message>
        <source>{count} người chưa được chấm đủ tiêu chí</source>
        <translation>{count} people not scored on every criterion</translation>
    </message>
    <message>
        <source>Mẫu số để tính kết quả bằng 0 (ví dụ mọi người được triệu tập đều thuộc trường hợp không tính) mà vẫn có phiếu hợp lệ: không công bố được kết quả trên mẫu số 0 — hãy kiểm tra lại số liệu tham dự.</source>
        <translation>The base for the results is 0 (for example everyone convened is in a category that does not count) yet there are valid ballots: no result can be announced on a base of 0 — check the attendance figures.</translation>
    </message>
    <message>
        <source>Số có mặt ({present}/{convened}) chưa đạt {num}/{den} số được triệu tập theo {basis}: biên bản chính thức cần Trưởng ban xác nhận.</source>
        <translation>Present ({present}/{convened}) is below {num}/{den} of those convened under {basis}: the official minutes need the chair&apos;s confirmation.</translation>
    </message>
    <message>
        <source>SỐ LIỆU CHƯA KHỚP: đã nhập {entered} phiếu nhưng chỉ thu về {collected} phiếu; các tỷ lệ và kết quả trên chưa dùng được.</source>
        <translation>FIGURES DO NOT MATCH: {entered} ballots entered but only {collected} collected; the percentages and results above cannot be used yet.</translation>
    </message>
    <message>
        <source>SỐ LIỆU CHƯA KHỚP: thu về {collected} phiếu nhưng chỉ phát ra {issued} phiếu; các tỷ lệ và kết quả trên chưa dùng được.</source>
        <translation>FIGURES DO NOT MATCH: {collected} ballots collected but only {issued} issued; the percentages and results above cannot be used yet.</translation>
    </message>
    <message>
        <source>Chưa xác định – cần bầu lại giữa {names} cho {seats} chỉ tiêu.</source>
        <translation>Undecided – a new vote is needed among {names} for {seats} seats.</translation>
    </message>
    <message>
        <source>Còn {count} chỉ tiêu chưa bầu đủ: đại hội quyết định việc bầu tiếp.</source>
        <translation>{count} seats still unfilled: the congress decides whether to vote again.</translation>
    </message>
    <message>
        <source>Số xếp loại Hoàn thành xuất sắc ({excellent}) vượt {percent}% số Hoàn thành tốt trở lên ({good}): tối đa {cap}; tập thể phải chọn lại.</source>
        <translation>Rated excellent ({excellent}) is over {percent}% of those rated good or better ({good}): at most {cap}; the collective must choose again.</translation>
    </message>
    <message>
        <source>Số xếp loại Hoàn thành xuất sắc ({excellent}) vượt {percent}% tổng số được xếp loại ({good}): tối đa {cap}; tập thể phải chọn lại.</source>
        <translation>Excellent ratings ({excellent}) exceed {percent}% of all those rated ({good}): at most {cap}; the collective must choose again.</translation>
    </message>
    <message>
        <source>{name} là người đứng đầu, không được xếp cao hơn mức của tập thể ({level}).</source>
        <translation>{name} is the head and may not be rated above the collective&apos;s level ({level}).</translation>
    </message>
    <message>
        <source>Có quá nửa đến dưới 2/3 số phiếu {column}</source>
        <translation>More than half and under 2/3 of the ballots say {column}</translation>
    </message>
    <message>
        <source>Có từ 2/3 trở lên số phiếu {column}</source>
        <translation>2/3 or more of the ballots say {column}</translation>
    </message>
    <message>
        <source>Quá nửa không tín nhiệm</source>
        <translation>More than half no confidence</translation>
    </message>
    <message>
        <source>Chưa đủ điều kiện của mức {voted}: xếp mức {level}.</source>
        <translation>Does not meet the conditions of level {voted}: rated level {level}.</translation>
    </message>
    <message>
        <source>Không mức nào đạt đa số: tập thể xem xét, quyết định.</source>
        <translation>No level has a majority: the collective considers and decides.</translation>
    </message>
    <message>
        <source>Ít hơn {least} phiếu chấm: dùng trung bình cộng, không loại điểm cao nhất, thấp nhất.</source>
        <translation>Fewer than {least} scoring ballots: plain mean, the highest and lowest scores are not dropped.</translation>
    </message>
    <message>
        <source>{count} phiếu chấm thiếu tiêu chí, không tính cho người này.</source>
        <translation>{count} scoring ballots miss a criterion and do not count for this person.</translation>
    </message>
    <message>
        <source>Không có trong danh sách đủ điều kiện</source>
        <translation>Not on the eligible list</translation>
    </message>
    <message>
        <source>lý do phiếu không hợp lệ không được để trống</source>
        <translation>the reason the ballot is invalid cannot be empty</translation>
    </message>
    <message>
        <source>số thứ tự gạch tên {row} không có trong danh sách (1–{count})</source>
        <translation>struck number {row} is not on the list (1–{count})</translation>
    </message>
    <message>
        <source>phiếu bầu có số dư chỉ ghi các số thứ tự bị gạch (&apos;struck&apos;)</source>
        <translation>a ballot with surplus records only the numbers struck out (&apos;struck&apos;)</translation>
    </message>
    <message>
        <source>phiếu này ghi lựa chọn theo từng dòng (&apos;choices&apos;)</source>
        <translation>this ballot records a choice per row (&apos;choices&apos;)</translation>
    </message>
    <message>
        <source>phiếu có {rows} dòng nhưng &apos;choices&apos; có {given} phần tử</source>
        <translation>the ballot has {rows} rows but &apos;choices&apos; has {given} entries</translation>
    </message>
    <message>
        <source>dòng {row}: cột {column} không có (phiếu có {columns} cột đánh dấu, 0 = để trống)</source>
        <translation>row {row}: there is no column {column} (the ballot has {columns} mark columns, 0 = left blank)</translation>
    </message>
    <message>
        <source>phiếu chấm điểm ghi điểm từng người theo từng tiêu chí (&apos;scores&apos;)</source>
        <translation>a scoring ballot records each person&apos;s score per criterion (&apos;scores&apos;)</translation>
    </message>
    <message>
        <source>phiếu có {rows} người được chấm nhưng &apos;scores&apos; có {given} dòng</source>
        <translation>the ballot scores {rows} people but &apos;scores&apos; has {given} rows</translation>
    </message>
    <message>
        <source>dòng {row}: cần {needed} điểm (một điểm cho mỗi tiêu chí) nhưng có {given}</source>
        <translation>row {row}: {needed} scores needed (one per criterion) but there are {given}</translation>
    </message>
    <message>
        <source>phiếu giới thiệu chỉ ghi tên người được giới thiệu (&apos;names&apos;)</source>
        <translation>a nomination ballot records only the names written (&apos;names&apos;)</translation>
    </message>
    <message>
        <source>phiếu ghi {given} tên; một phiếu giới thiệu {seats} người không thể ghi quá {most} tên — hãy kiểm tra lại dòng này</source>
        <translation>the ballot has {given} names; a ballot nominating {seats} people cannot hold more than {most} names — check this line</translation>
    </message>
    <message>
        <source>một tên dài {length} ký tự (quá {most}), không phải họ tên</source>
        <translation>a name {length} characters long (over {most}) is not a name</translation>
    </message>
</context>
<context>
    <name>scan_reasons</name>
    <message>
        <source>dòng {row}, ô &apos;{column}&apos;: dấu mờ hoặc nhỏ</source>
        <translation>row {row}, box &apos;{column}&apos;: faint or small mark</translation>
    </message>
    <message>
        <source>dòng {row}, ô &apos;{column}&apos;: nét quanh ô (khoanh tròn hoặc gạch xóa)</source>
        <translation>row {row}, box &apos;{column}&apos;: strokes around the box (circled or scribbled out)</translation>
    </message>
    <message>
        <source>dòng {row}, ô &apos;{column}&apos;: một đường thẳng chạy qua ô và ra hai bên (có thể là nếp gấp)</source>
        <translation>row {row}, box &apos;{column}&apos;: one straight line through the box and on beyond it on both sides (a fold, most likely)</translation>
    </message>
    <message>
        <source>dòng {row} (tên): gạch một phần tên ({share})</source>
        <translation>row {row} (name): name partly struck out ({share})</translation>
    </message>
    <message>
        <source>dòng {row} (tên): có nét bút cạnh tên, không qua chữ in ({mm} mm)</source>
        <translation>row {row} (name): a pen line beside the name, not through the printed letters ({mm} mm)</translation>
    </message>
    <message>
        <source>người thứ {row}, tiêu chí {col}: điểm viết tay — cần người đọc</source>
        <translation>person {row}, criterion {col}: handwritten score — a person must read it</translation>
    </message>
    <message>
        <source>dòng tên {row}: tên viết tay — cần người đọc</source>
        <translation>name line {row}: handwritten name — a person must read it</translation>
    </message>
    <message>
        <source>không thấy rõ dấu đóng trên phiếu (góc trên bên trái)</source>
        <translation>the committee&apos;s stamp is not clearly seen on the ballot (top left corner)</translation>
    </message>
    <message>
        <source>có nét viết hoặc ký hiệu ngoài các ô đánh dấu (có thể làm phiếu không hợp lệ)</source>
        <translation>writing or signs outside the marking boxes (may make the ballot invalid)</translation>
    </message>
    <message>
        <source>{text}</source>
        <translation>{text}</translation>
    </message>
    <message>
        <source>trang trắng (mặt sau của tờ phiếu)</source>
        <translation>blank page (the back of a ballot sheet)</translation>
    </message>
    <message>
        <source>không tìm thấy mã QR trên trang</source>
        <translation>no QR code found on the page</translation>
    </message>
    <message>
        <source>trang có {count} mã QR: mỗi trang quét chỉ được một phiếu</source>
        <translation>the page has {count} QR codes: one ballot per scanned page</translation>
    </message>
    <message>
        <source>Mã trên phiếu không đọc được hoặc không phải mã phiếu KiểmPhiếu.</source>
        <translation>The code on the ballot cannot be read or is not a KiểmPhiếu ballot code.</translation>
    </message>
    <message>
        <source>Mã phiếu thuộc phiên bản khác của chương trình.</source>
        <translation>The ballot code belongs to another version of the program.</translation>
    </message>
    <message>
        <source>Phiếu của hội nghị khác (không phải phiếu in cho hội nghị này).</source>
        <translation>A ballot of another meeting (not printed for this meeting).</translation>
    </message>
    <message>
        <source>Mã phiếu bị sửa hoặc giả mạo (chữ ký số không khớp).</source>
        <translation>The ballot code was altered or forged (the digital signature does not match).</translation>
    </message>
    <message>
        <source>Phiếu của nội dung bỏ phiếu khác.</source>
        <translation>A ballot of another poll.</translation>
    </message>
    <message>
        <source>Phiếu của lần bầu khác.</source>
        <translation>A ballot of another round.</translation>
    </message>
    <message>
        <source>Phiếu thử (phiếu kiểm tra máy), không được tính.</source>
        <translation>Test ballot (for checking the scanner), never counted.</translation>
    </message>
    <message>
        <source>phiếu của nội dung không còn trong tệp hội nghị</source>
        <translation>a ballot of a poll no longer in the meeting file</translation>
    </message>
    <message>
        <source>phiếu thử (phiếu kiểm tra máy), không được tính</source>
        <translation>test ballot (for checking the scanner), never counted</translation>
    </message>
    <message>
        <source>không căn được trang theo mẫu phiếu ({text}); hãy quét lại trang này</source>
        <translation>the page could not be aligned with the ballot template ({text}); scan this page again</translation>
    </message>
    <message>
        <source>mẫu phiếu không khớp số trang trên mã QR</source>
        <translation>the ballot template does not match the page count in the QR code</translation>
    </message>
    <message>
        <source>không thấy đủ bốn dấu định vị ở bốn góc (trang bị cắt, gập, lệch quá hoặc in sai khổ)</source>
        <translation>the four registration marks in the corners are not all found (page cut off, folded, too far askew or printed on the wrong paper size)</translation>
    </message>
    <message>
        <source>trang bị cong hoặc gập (lệch {mm} mm so với mẫu phiếu)</source>
        <translation>the page is bent or folded ({mm} mm off the ballot template)</translation>
    </message>
    <message>
        <source>trang bị xoay lệch {degrees}° (giới hạn {max_degrees}°); hãy quét lại cho thẳng</source>
        <translation>the page is turned {degrees}° (limit {max_degrees}°); scan it again straight</translation>
    </message>
    <message>
        <source>phiếu in sai tỉ lệ ({share} cỡ thật; giới hạn {low}–{high}): hãy in phiếu đúng 100 %, không &apos;vừa trang&apos;</source>
        <translation>the ballot was printed at the wrong scale ({share} of true size; limits {low}–{high}): print ballots at exactly 100 %, not &apos;fit to page&apos;</translation>
    </message>
    <message>
        <source>một phần vùng đánh dấu nằm ngoài ảnh quét</source>
        <translation>part of the marking area lies outside the scanned image</translation>
    </message>
    <message>
        <source>nội dung &apos;{poll}&apos; đã kết thúc kiểm phiếu, không tính thêm phiếu</source>
        <translation>poll &apos;{poll}&apos; has finished counting; no more ballots are counted</translation>
    </message>
    <message>
        <source>phiếu số {serial} không có trong sổ phiếu đã in của nội dung này</source>
        <translation>ballot {serial} is not in this poll&apos;s register of printed ballots</translation>
    </message>
    <message>
        <source>phiếu số {serial} đã hủy (đổi phiếu), không được tính</source>
        <translation>ballot {serial} was spoiled (exchanged), never counted</translation>
    </message>
    <message>
        <source>phiếu số {serial} chưa phát (phiếu thừa), không được tính</source>
        <translation>ballot {serial} was not issued (left over), never counted</translation>
    </message>
    <message>
        <source>phiếu số {serial} đã quét lúc {at} tại máy {station} (người quét: {by})</source>
        <translation>ballot {serial} was already scanned at {at} on station {station} (scanned by {by})</translation>
    </message>
    <message>
        <source>phiếu số {serial} đã nhập lúc {at} tại máy {station} (người nhập: {by})</source>
        <translation>ballot {serial} was already keyed in at {at} on station {station} (keyed in by {by})</translation>
    </message>
    <message>
        <source>trang này của phiếu số {serial} đã quét ({file}, trang {page}) và đang chờ xử lý</source>
        <translation>this page of ballot {serial} was already scanned ({file}, page {page}) and is waiting to be dealt with</translation>
    </message>
    <message>
        <source>trang này đã quét lúc {at} (tệp {file}); bỏ qua</source>
        <translation>this page was already scanned at {at} (file {file}); skipped</translation>
    </message>
    <message>
        <source>phiếu không ghi được: {text}</source>
        <translation>the ballot could not be recorded: {text}</translation>
    </message>
</context>
<context>
    <name>scanning</name>
    <message>
        <source>Dòng {row} · {column}</source>
        <translation>Row {row} · {column}</translation>
    </message>
    <message>
        <source>Dòng {row} · gạch tên</source>
        <translation>Row {row} · name struck</translation>
    </message>
    <message>
        <source>Người {row} · tiêu chí {col}</source>
        <translation>Person {row} · criterion {col}</translation>
    </message>
    <message>
        <source>Dòng tên {row}</source>
        <translation>Name line {row}</translation>
    </message>
    <message>
        <source>có dấu</source>
        <translation>marked</translation>
    </message>
    <message>
        <source>không</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Quét phiếu</source>
        <translation>Scanning</translation>
    </message>
    <message>
        <source>Chọn ảnh quét (PNG, JPEG, TIFF nhiều trang, PDF) hoặc cả thư mục. Phiếu đọc chắc chắn được tính ngay; dấu mờ, gạch dở, chữ viết tay, thiếu dấu đóng hay có chữ viết thêm đều chờ người xem ở dưới. Quét lại cùng tệp không tính hai lần.</source>
        <translation>Choose scanned images (PNG, JPEG, multi-page TIFF, PDF) or a whole folder. Ballots read with certainty are counted at once; faint marks, partial strikes, handwriting, a missing stamp or writing added to the ballot wait for a person below. Scanning the same file again never counts twice.</translation>
    </message>
    <message>
        <source>Chọn tệp ảnh quét…</source>
        <translation>Choose scanned files…</translation>
    </message>
    <message>
        <source>Chọn thư mục…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <source>Theo dõi thư mục máy quét…</source>
        <translation>Watch the scanner&apos;s folder…</translation>
    </message>
    <message>
        <source>Kiểm tra dấu đóng</source>
        <translation>Check the stamp</translation>
    </message>
    <message>
        <source>Lượt </source>
        <translation>Pass </translation>
    </message>
    <message>
        <source>Quét vào lượt 2 để đối chiếu với phiếu đã nhập tay ở lượt 1</source>
        <translation>Scan into pass 2 to cross-check against ballots keyed in as pass 1</translation>
    </message>
    <message>
        <source>Tệp, trang</source>
        <translation>File, page</translation>
    </message>
    <message>
        <source>Phiếu số</source>
        <translation>Serial</translation>
    </message>
    <message>
        <source>Nội dung</source>
        <translation>Poll</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Lần quét vừa rồi</source>
        <translation>Last scan</translation>
    </message>
    <message>
        <source>Hàng chờ người xem</source>
        <translation>Review queue</translation>
    </message>
    <message>
        <source>Xem theo ô (hàng loạt)</source>
        <translation>By option (bulk)</translation>
    </message>
    <message>
        <source>Bỏ trang…</source>
        <translation>Set aside…</translation>
    </message>
    <message>
        <source>Bỏ trang khỏi hàng chờ, không tính (Trưởng ban)</source>
        <translation>Take the page out of the queue without counting it (head of the committee)</translation>
    </message>
    <message>
        <source>Bỏ cả tệp…</source>
        <translation>Set aside the whole file…</translation>
    </message>
    <message>
        <source>Bỏ mọi trang đang chờ của tệp quét này (tệp quét nhầm, không phải phiếu) — Trưởng ban</source>
        <translation>Set aside every waiting page of this scanned file (scanned by mistake, not ballots) — head of the committee</translation>
    </message>
    <message>
        <source>Vùng</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Mực</source>
        <translation>Ink</translation>
    </message>
    <message>
        <source>Có dấu / ghi</source>
        <translation>Marked / written</translation>
    </message>
    <message>
        <source>Phím: ↑/↓ chọn vùng; Cách hoặc X đổi có dấu/không; gõ điểm hoặc tên rồi Enter; Ctrl+Enter xác nhận cả trang.</source>
        <translation>Keys: ↑/↓ choose a region; Space or X toggles marked; type a score or a name, then Enter; Ctrl+Enter confirms the page.</translation>
    </message>
    <message>
        <source>Đã xem dấu đóng và chữ viết ngoài ô</source>
        <translation>Stamp and writing outside the boxes checked</translation>
    </message>
    <message>
        <source>Phiếu không hợp lệ vì… (để trống nếu hợp lệ)</source>
        <translation>Ballot invalid because… (leave empty if valid)</translation>
    </message>
    <message>
        <source>Xác nhận trang (Ctrl+Enter)</source>
        <translation>Confirm page (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Ô cần xem:</source>
        <translation>Option to review:</translation>
    </message>
    <message>
        <source>Ô đã chọn: CÓ dấu; ô còn lại: KHÔNG</source>
        <translation>Ticked: MARKED; the rest: NOT marked</translation>
    </message>
    <message>
        <source>Các ô cùng một lựa chọn, ít mực trước. Đánh dấu những ô có dấu thật rồi bấm nút; trang còn câu hỏi khác (dấu đóng, chữ viết ngoài ô) vẫn ở hàng chờ.</source>
        <translation>Every undecided box of one option, least ink first. Tick the ones that really hold a mark, then press the button; pages with other questions (stamp, writing outside the boxes) stay in the queue.</translation>
    </message>
    <message>
        <source>Tệp hội nghị đã có {n} trang quét ({parts}).</source>
        <translation>The meeting file holds {n} scanned pages ({parts}).</translation>
    </message>
    <message>
        <source>Chưa quét trang nào vào tệp hội nghị này.</source>
        <translation>No page has been scanned into this meeting file yet.</translation>
    </message>
    <message>
        <source>Hàng chờ người xem ({n})</source>
        <translation>Review queue ({n})</translation>
    </message>
    <message>
        <source>dòng {row}, gạch tên</source>
        <translation>row {row}, name struck</translation>
    </message>
    <message>
        <source>dòng {row}, ô “{column}”</source>
        <translation>row {row}, box “{column}”</translation>
    </message>
    <message>
        <source>Chọn ảnh quét</source>
        <translation>Choose scanned images</translation>
    </message>
    <message>
        <source>Ảnh quét (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.pdf)</source>
        <translation>Scanned images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.pdf)</translation>
    </message>
    <message>
        <source>Chọn thư mục ảnh quét</source>
        <translation>Choose the folder of scanned images</translation>
    </message>
    <message>
        <source>Đang đọc trang {done}/{total}…</source>
        <translation>Reading page {done}/{total}…</translation>
    </message>
    <message>
        <source>Đang đọc phiếu quét…</source>
        <translation>Reading scanned ballots…</translation>
    </message>
    <message>
        <source>{pages} trang ({totals}); đã tính {counted} phiếu; {rate:.1f} trang/giây.</source>
        <translation>{pages} pages ({totals}); {counted} ballots counted; {rate:.1f} pages/s.</translation>
    </message>
    <message>
        <source>Đã dừng theo yêu cầu: các trang dưới đây đã được ghi, quét lại để đọc nốt.</source>
        <translation>Stopped as asked: the pages below are stored; scan again to read the rest.</translation>
    </message>
    <message>
        <source>Thư mục máy quét lưu ảnh vào</source>
        <translation>Folder the scanner saves into</translation>
    </message>
    <message>
        <source>Dừng theo dõi {name}</source>
        <translation>Stop watching {name}</translation>
    </message>
    <message>
        <source>Không còn trang nào chờ người xem.</source>
        <translation>No page is waiting for review.</translation>
    </message>
    <message>
        <source>Đang mở trang…</source>
        <translation>Opening the page…</translation>
    </message>
    <message>
        <source>Cần xem:</source>
        <translation>To check:</translation>
    </message>
    <message>
        <source>Điểm “{text}” ở {where} không phải điểm nguyên hoặc nửa điểm (ví dụ 8 hoặc 8,5): hãy gõ lại, chương trình không làm tròn.</source>
        <translation>The score “{text}” at {where} is not a whole or half point (for example 8 or 8.5): type it again; the program does not round.</translation>
    </message>
    <message>
        <source>Hãy xem dấu đóng và chữ viết ngoài ô trên ảnh, rồi đánh dấu ô “Đã xem”.</source>
        <translation>Look at the stamp and any writing outside the boxes on the image, then tick “checked”.</translation>
    </message>
    <message>
        <source>Bỏ trang khỏi hàng chờ</source>
        <translation>Set the page aside</translation>
    </message>
    <message>
        <source>Lý do (ví dụ: đã nhập tay phiếu số …, đã quét lại):</source>
        <translation>Reason (e.g. ballot … keyed in by hand, scanned again):</translation>
    </message>
    <message>
        <source>Bỏ cả tệp khỏi hàng chờ</source>
        <translation>Set aside the whole file</translation>
    </message>
    <message>
        <source>Bỏ mọi trang đang chờ của tệp {file}. Lý do (ví dụ: quét nhầm, không phải phiếu):</source>
        <translation>Set aside every waiting page of {file}. Reason (e.g. scanned by mistake, not ballots):</translation>
    </message>
    <message>
        <source>đọc được, đã tính</source>
        <translation>read, counted</translation>
    </message>
    <message>
        <source>cần người xem</source>
        <translation>needs review</translation>
    </message>
    <message>
        <source>trang trắng</source>
        <translation>blank page</translation>
    </message>
    <message>
        <source>không đọc được</source>
        <translation>unreadable</translation>
    </message>
    <message>
        <source>không phải phiếu của hội nghị này</source>
        <translation>not a ballot of this meeting</translation>
    </message>
    <message>
        <source>trùng</source>
        <translation>duplicate</translation>
    </message>
    <message>
        <source>không có trong sổ phiếu đã phát</source>
        <translation>not in the issued-ballot registry</translation>
    </message>
    <message>
        <source>phiếu thử</source>
        <translation>test ballot</translation>
    </message>
    <message>
        <source>nội dung đã kết thúc</source>
        <translation>poll already closed</translation>
    </message>
    <message>
        <source>đã tính</source>
        <translation>counted</translation>
    </message>
    <message>
        <source>chờ người xem</source>
        <translation>waiting for review</translation>
    </message>
    <message>
        <source>chờ trang còn lại của tờ phiếu</source>
        <translation>waiting for the sheet&apos;s other pages</translation>
    </message>
    <message>
        <source>không tính</source>
        <translation>not counted</translation>
    </message>
    <message>
        <source>đã xử lý, không tính</source>
        <translation>set aside, not counted</translation>
    </message>
</context>
<context>
    <name>start</name>
    <message>
        <source>KiểmPhiếu — kiểm phiếu hội nghị</source>
        <translation>KiểmPhiếu — ballot counting for meetings</translation>
    </message>
    <message>
        <source>Mỗi hội nghị là một tệp .kiemphieu. Mọi thay đổi được ghi ngay vào tệp, không cần bấm Lưu.</source>
        <translation>Each meeting is one .kiemphieu file. Every change is written to the file at once; there is no need to save.</translation>
    </message>
    <message>
        <source>Tạo hội &amp;nghị mới…</source>
        <translation>&amp;New meeting…</translation>
    </message>
    <message>
        <source>&amp;Mở tệp hội nghị…</source>
        <translation>&amp;Open meeting file…</translation>
    </message>
    <message>
        <source>Mở hội nghị mẫ&amp;u</source>
        <translation>Open the &amp;demo meeting</translation>
    </message>
    <message>
        <source>Mở gần đây:</source>
        <translation>Recent files:</translation>
    </message>
</context>
<context>
    <name>status</name>
    <message>
        <source>Đang soạn</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Đã in phiếu</source>
        <translation>Ballots printed</translation>
    </message>
    <message>
        <source>Đang kiểm phiếu</source>
        <translation>Counting</translation>
    </message>
    <message>
        <source>Đã kết thúc</source>
        <translation>Closed</translation>
    </message>
</context>
<context>
    <name>workers</name>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
</TS>
