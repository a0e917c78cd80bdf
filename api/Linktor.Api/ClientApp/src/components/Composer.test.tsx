import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Composer, mediaTypeOf } from './Composer';
import { renderWith } from '../test/fakes';
import type { CannedResponse, UploadedMedia } from '../api/types';

const canned: CannedResponse[] = [
  { id: '1', short_code: 'hello', content: 'Hello! How can I help you today?', created_at: '', updated_at: '' },
  { id: '2', short_code: 'hours', content: 'We are open 9 to 5.', created_at: '', updated_at: '' },
  { id: '3', short_code: 'bye', content: 'Goodbye!', created_at: '', updated_at: '' },
];

describe('Composer', () => {
  it('sends on Enter and adds a line on Shift+Enter', async () => {
    const onSend = vi.fn();
    renderWith(<Composer onSend={onSend} />);
    const box = screen.getByRole('textbox', { name: 'Reply' });

    await userEvent.type(box, 'first line{Shift>}{Enter}{/Shift}second line');
    expect(onSend).not.toHaveBeenCalled();
    expect(box).toHaveValue('first line\nsecond line');

    await userEvent.type(box, '{Enter}');
    expect(onSend).toHaveBeenCalledExactlyOnceWith({ type: 'text', text: 'first line\nsecond line' }, false);
    expect(box).toHaveValue('');
  });

  it('does not send an empty reply', async () => {
    const onSend = vi.fn();
    renderWith(<Composer onSend={onSend} />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Reply' }), '   {Enter}');
    expect(onSend).not.toHaveBeenCalled();
  });

  it('opens the canned responses on "/", filters by short code and inserts the pick', async () => {
    const onSend = vi.fn();
    renderWith(<Composer onSend={onSend} cannedResponses={canned} />);
    const box = screen.getByRole('textbox', { name: 'Reply' });

    await userEvent.type(box, '/');
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
      expect.stringContaining('/bye'), expect.stringContaining('/hello'), expect.stringContaining('/hours'),
    ]);

    await userEvent.type(box, 'hou');
    expect(screen.getAllByRole('option')).toHaveLength(1);
    await userEvent.type(box, '{Enter}');

    expect(box).toHaveValue('We are open 9 to 5.');
    expect(screen.queryByRole('listbox', { name: 'Canned responses' })).toBeNull();
    expect(onSend).not.toHaveBeenCalled();

    await userEvent.type(box, '{Enter}');
    expect(onSend).toHaveBeenCalledWith({ type: 'text', text: 'We are open 9 to 5.' }, false);
  });

  it('moves through the picker with the arrow keys and closes it with Escape', async () => {
    renderWith(<Composer onSend={vi.fn()} cannedResponses={canned} />);
    const box = screen.getByRole('textbox', { name: 'Reply' });
    await userEvent.type(box, '/h{ArrowDown}');
    expect(screen.getByRole('option', { selected: true })).toHaveTextContent('/hours');

    await userEvent.type(box, '{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(box).toHaveValue('/h');
  });

  it('sends a private note when the toggle is on', async () => {
    const onSend = vi.fn();
    renderWith(<Composer onSend={onSend} />);
    await userEvent.click(screen.getByRole('switch', { name: 'Private note' }));

    await userEvent.type(screen.getByRole('textbox', { name: 'Private note' }), 'internal only{Enter}');

    expect(onSend).toHaveBeenCalledWith({ type: 'text', text: 'internal only' }, true);
  });

  it('inserts an emoji from the picker', async () => {
    renderWith(<Composer onSend={vi.fn()} />);
    const box = screen.getByRole('textbox', { name: 'Reply' });
    await userEvent.type(box, 'Thanks ');
    await userEvent.click(screen.getByRole('button', { name: 'Insert emoji' }));
    await userEvent.click(await screen.findByRole('button', { name: '👍' }, { timeout: 5000 }));
    expect(box).toHaveValue('Thanks 👍');
  });

  it('uploads a picked file and sends it with the text as its caption', async () => {
    const stored: UploadedMedia = {
      id: 'abc', url: 'http://localhost/media/abc', mime_type: 'image/png', size: 4, filename: 'photo.png', created_at: '',
    };
    const onUpload = vi.fn().mockResolvedValue(stored);
    const onSend = vi.fn();
    renderWith(<Composer onSend={onSend} onUpload={onUpload} />);
    const file = new File([new Uint8Array([1, 2, 3, 4])], 'photo.png', { type: 'image/png' });

    await userEvent.upload(screen.getByLabelText('File to attach'), file);

    expect(onUpload).toHaveBeenCalledExactlyOnceWith(file);
    expect(await screen.findByLabelText('Attachment')).toHaveTextContent('image: photo.png');
    await userEvent.type(screen.getByRole('textbox', { name: 'Reply' }), 'Here it is{Enter}');
    expect(onSend).toHaveBeenCalledExactlyOnceWith({
      type: 'image',
      media: { url: stored.url, mime_type: 'image/png', size: 4, filename: 'photo.png', caption: 'Here it is' },
    }, false);
    expect(screen.queryByLabelText('Attachment')).toBeNull();
  });

  it('says why an upload failed and attaches nothing', async () => {
    const onUpload = vi.fn().mockRejectedValue(new Error('The file is larger than this server accepts.'));
    const onSend = vi.fn();
    renderWith(<Composer onSend={onSend} onUpload={onUpload} />);

    await userEvent.upload(screen.getByLabelText('File to attach'), new File(['x'], 'huge.mov', { type: 'video/quicktime' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('huge.mov: The file is larger than this server accepts.');
    expect(screen.queryByLabelText('Attachment')).toBeNull();
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
  });

  it('makes a message kind from a file type', () => {
    expect(['image/webp', 'video/mp4', 'audio/ogg', 'application/pdf', 'text/csv'].map(mediaTypeOf))
      .toEqual(['image', 'video', 'audio', 'document', 'document']);
  });
});
