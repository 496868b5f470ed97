import { QRCodeSVG } from "qrcode.react";

/**
 * The link as a QR code, drawn as SVG so that it prints sharp at any size.
 * Level M survives a creased or smudged handout; the 4-module quiet zone is
 * what phone cameras need to find the code on a busy page.
 */
export function SelfReportQr({ url, label, className }: { url: string; label: string; className?: string }) {
  return (
    <QRCodeSVG
      value={url}
      size={176}
      level="M"
      marginSize={4}
      role="img"
      aria-label={label}
      className={className}
      data-testid="self-report-qr"
    />
  );
}
